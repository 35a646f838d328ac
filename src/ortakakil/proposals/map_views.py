"""Public map pages of a process's proposals, and the neighbourhood options the proposal form loads.

- ``/processes/<slug>/proposals/map/``: without a tile server (the default, ``MAP_TILE_URL`` empty)
  the shipped district map (``district_map``) with the number of public proposals per district,
  each tile linking to the list filtered by its district, and a table of the same numbers; with a
  tile server, a Leaflet map of the proposals' points (the table stays, for every reader).
- ``/processes/<slug>/proposals/map.json``: the points for Leaflet — public proposals with a point
  only, newest first, at most ``MAX_POINTS``, cached briefly.
- ``/processes/<slug>/proposals/new/neighbourhoods/?district=…``: the ``<option>``s of a district's
  neighbourhoods (htmx, from the proposal form's district ``<select>``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ortakakil.processes.models import Process
from ortakakil.processes.selectors import process_for_public

from . import district_map, places, selectors

MAX_POINTS = 2000
POINTS_SECONDS = 60


def district_counts(process: Process) -> dict[str, int]:
    """The number of public proposals naming each of Ankara's districts (all 25, zeros included)."""
    rows = (
        selectors.public_proposals(process)
        .exclude(district="")
        .order_by()
        .values("district")
        .annotate(n=Count("pk"))
        .values_list("district", "n")
    )
    found = dict(rows)
    return {name: found.get(name, 0) for name in places.districts()}


def map_points(process: Process) -> list[dict[str, Any]]:
    """The public proposals with a map point, newest first, capped."""
    rows = (
        selectors.public_proposals(process)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("-created_at", "-pk")
        .values_list("pk", "title", "district", "neighbourhood", "latitude", "longitude")[:MAX_POINTS]
    )
    return [
        {
            "id": pk,
            "title": title,
            "district": district or None,
            "neighbourhood": neighbourhood or None,
            "lat": float(lat),
            "lon": float(lon),
            "url": reverse("proposal_detail", kwargs={"slug": process.slug, "pk": pk}),
        }
        for pk, title, district, neighbourhood, lat, lon in rows
        if lat is not None and lon is not None
    ]


@require_GET
def proposal_map(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    counts = district_counts(process)
    list_url = reverse("proposal_list", kwargs={"slug": process.slug})
    links = {name: f"{list_url}?{urlencode({'district': name})}" for name in counts}
    svg = district_map.district_map_svg(
        title=_("Proposals by district"),
        description=_("A tile map of Ankara's 25 districts with the number of public proposals in each."),
        values={name: str(n) for name, n in counts.items()},
        fills=district_map.choropleth_fills({name: n for name, n in counts.items() if n}),
        links=links,
        id_prefix="oneri-ilce",
    )
    return render(
        request,
        "proposals/map.html",
        {
            "process": process,
            "district_svg": svg,
            "rows": [(name, counts[name], links[name]) for name in counts],
            "total": sum(counts.values()),
            "without_district": selectors.public_proposals(process).filter(district="").count(),
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "max_points": MAX_POINTS,
        },
    )


@require_GET
def proposal_map_points(request: HttpRequest, slug: str) -> JsonResponse:
    process = process_for_public(user=request.user, slug=slug)
    key = f"proposals:map-points:{process.pk}"
    points = cache.get(key)
    if points is None:
        points = map_points(process)
        cache.set(key, points, POINTS_SECONDS)
    response = JsonResponse({"points": points, "capped": len(points) >= MAX_POINTS})
    response["Cache-Control"] = f"max-age={POINTS_SECONDS}"
    return response


@require_GET
def neighbourhood_options(request: HttpRequest, slug: str) -> HttpResponse:
    process_for_public(user=request.user, slug=slug)
    district = places.canonical_district((request.GET.get("district") or "")[:60])
    names = places.neighbourhoods(district)
    labelled = [(n, places.neighbourhood_label(n)) for n in names]
    groups = (
        []
        if names
        else [(d, [(n, places.neighbourhood_label(n)) for n in ns]) for d, ns in places.all_neighbourhoods()]
    )
    return render(request, "proposals/map_neighbourhood_options.html", {"options": labelled, "groups": groups})
