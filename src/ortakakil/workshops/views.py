from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ortakakil.processes.selectors import process_for_public


def workshop_detail(request: HttpRequest, slug: str, workshop: str) -> HttpResponse:
    process = process_for_public(user=request.user, slug=slug)
    event = process.workshops.filter(slug=workshop).first()
    if event is None:
        raise Http404(_("This process has no workshop with this address."))
    return render(request, "workshops/workshop_detail.html", {"process": process, "workshop": event})
