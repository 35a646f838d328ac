"""The place fields of the proposal form: the district ``<select>`` (Ankara's 25, Turkish order),
the neighbourhood ``<select>`` that follows it, and the optional map point.

Without JavaScript the neighbourhood list holds every neighbourhood grouped by district
(``<optgroup>``) and the form refuses a neighbourhood of another district; with htmx, choosing a
district replaces the options with that district's (``map_views.neighbourhood_options``). The map
point is two hidden inputs the page's script fills (``static/ortakakil/proposal-map.js``): from the
browser's geolocation («Konumumu kullan») and, when a tile server is configured
(``settings.MAP_TILE_URL``), from a marker on a Leaflet map.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import places


def district_choices() -> list[tuple[str, str]]:
    return [("", str(_("Choose a district"))), *((name, name) for name in places.districts())]


def neighbourhood_choices(district: str = "") -> list[Any]:
    """One district's neighbourhoods, or (no district) all of them grouped by district."""
    empty = ("", str(_("Choose a neighbourhood")))
    if district and places.neighbourhoods(district):
        return [empty, *((n, places.neighbourhood_label(n)) for n in places.neighbourhoods(district))]
    return [
        empty,
        *(
            (district, [(n, places.neighbourhood_label(n)) for n in names])
            for district, names in places.all_neighbourhoods()
        ),
    ]


class PointWidget(forms.MultiWidget):
    """Two hidden inputs (latitude, longitude) with the buttons and the map of the point picker."""

    template = "proposals/map_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"lat": forms.HiddenInput, "lon": forms.HiddenInput}, attrs)

    def decompress(self, value: Any) -> list[Any]:
        return list(value) if value else [None, None]

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_use" if id_ else ""  # the label names the «Konumumu kullan» button

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> Any:
        if not isinstance(value, list):
            value = self.decompress(value)
        widget_id = (attrs or {}).get("id") or f"id_{name}"
        lat, lon = [*value, None, None][:2]
        return render_to_string(
            self.template,
            {
                "name": name,
                "id": widget_id,
                "lat": "" if lat is None else str(lat),
                "lon": "" if lon is None else str(lon),
                "tile_url": settings.MAP_TILE_URL,
                "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            },
        )


class PointField(forms.MultiValueField):
    widget = PointWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (forms.CharField(required=False, max_length=40), forms.CharField(required=False, max_length=40))
        super().__init__(fields, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list: list[Any]) -> tuple[Any, Any]:
        if not data_list:
            return (None, None)
        return (data_list[0] or None, data_list[1] or None)


class PlaceFieldsMixin(forms.Form):
    """District, neighbourhood and map point, checked as the services check them (``places``)."""

    district = forms.CharField(label=_("District (optional)"), max_length=60, required=False, widget=forms.Select)
    neighbourhood = forms.CharField(
        label=_("Neighbourhood (optional)"), max_length=80, required=False, widget=forms.Select
    )
    location = PointField(
        label=_("Map point (optional)"),
        help_text=_("Only if your proposal is about one spot; the point is shown to everyone."),
    )

    def setup_places(self, process_slug: str) -> None:
        district = self.fields["district"]
        district.widget.choices = district_choices()
        district.widget.attrs.update(
            {
                "hx-get": reverse("proposal_neighbourhoods", kwargs={"slug": process_slug}),
                "hx-target": "#id_neighbourhood",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )
        # A district already chosen (an edit, a form sent back with an error) narrows the list to its
        # neighbourhoods, as htmx does on a change; without one, every district's are offered.
        chosen = self.data.get(self.add_prefix("district")) if self.is_bound else self.initial.get("district")
        self.fields["neighbourhood"].widget.choices = neighbourhood_choices(str(chosen or ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "district" in data and "neighbourhood" in data:
            try:
                data["district"], data["neighbourhood"] = places.clean_place(data["district"], data["neighbourhood"])
            except ValidationError as error:
                self.add_error(None, error)
        if "location" in data:
            try:
                data["location"] = places.clean_point(*data["location"])
            except ValidationError as error:
                self.add_error(None, error)
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """The cleaned data as the services take it (the point as ``latitude``/``longitude``)."""
        data = dict(self.cleaned_data)
        data["latitude"], data["longitude"] = data.pop("location", None) or (None, None)
        return data
