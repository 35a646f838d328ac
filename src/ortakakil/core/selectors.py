"""Reads for organisations, units and users, scoped to what the user may manage."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Job, Organisation, Unit, User


def organisation_for_manage(*, user: User | Any, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not user.has_perm("core.manage_organisation", organisation):
        raise Http404(_("No organisation with this address."))
    return organisation


def units_of(organisation: Organisation, *, query: str = "") -> QuerySet[Unit]:
    units = organisation.units.all()
    if query:
        units = units.filter(Q(name__icontains=query) | Q(code__icontains=query))
    return units


def users_of(organisation: Organisation, *, query: str = "", role: str = "") -> QuerySet[User]:
    users = User.objects.filter(organisation=organisation).select_related("unit")
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    if role:
        users = users.filter(role=role)
    return users


def job_for_user(*, user: User | Any, pk: Any) -> Job:
    job = Job.objects.filter(pk=pk).first()
    if job is None or not (job.created_by_id == user.pk or user.has_perm("core.grant_platform_admin")):
        raise Http404(_("No job with this address."))
    return job
