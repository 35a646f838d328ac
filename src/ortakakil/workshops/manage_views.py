"""Back office for the stakeholder registry."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ortakakil.core.backoffice import backoffice_view
from ortakakil.core.selectors import organisation_for_manage

from . import selectors


@backoffice_view
def stakeholder_matrix(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The guide's priority matrix (influence × importance) of the organisation's stakeholders."""
    organisation = organisation_for_manage(user=request.user, slug=org_slug)
    return render(
        request,
        "workshops/stakeholder_matrix.html",
        {
            "organisation": organisation,
            "quadrants": selectors.priority_matrix(organisation.pk),
            "products": selectors.product_matrix(organisation.pk),
            "breadcrumbs": [(_("Back office"), reverse("manage:dashboard")), (organisation.name, "")],
        },
    )
