"""Reads for organisations, units and users, scoped to what the user may manage."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .db import turkish_order
from .models import Job, Organisation, Role, Unit, User


def organisation_for_manage(*, user: User | Any, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not user.has_perm("core.manage_organisation", organisation):
        raise Http404(_("No organisation with this address."))
    return organisation


def organisations_to_manage(user: User | Any) -> list[Organisation]:
    """The organisations whose units, users and processes the user manages (the dashboard's list)."""
    organisations = Organisation.objects.all()
    if not user.has_perm("core.grant_platform_admin"):
        organisations = organisations.filter(pk=user.organisation_id or 0)
    return [o for o in organisations if user.has_perm("core.manage_organisation", o)]


def unit_for_manage(organisation: Organisation, pk: int) -> Unit:
    unit = organisation.units.filter(pk=pk).first()
    if unit is None:
        raise Http404(_("This organisation has no unit with this address."))
    return unit


def user_for_manage(*, user: User | Any, organisation: Organisation, pk: int) -> User:
    """A user of the organisation; platform administrators only for those who may grant that role."""
    target = User.objects.filter(organisation=organisation, pk=pk).first()
    if target is None or (target.role == Role.PLATFORM_ADMIN and not user.has_perm("core.grant_platform_admin")):
        raise Http404(_("This organisation has no user with this address."))
    return target


def units_of(organisation: Organisation, *, query: str = "") -> QuerySet[Unit]:
    """The organisation's units in Turkish alphabetical order; ``query`` ignores Turkish letter case
    and accents ("kizilay" finds "Kızılay")."""
    units = organisation.units.all()
    for word in query.split():
        units = units.filter(Q(name__tr_contains=word) | Q(code__tr_contains=word))
    return units.order_by(turkish_order("name"), "pk")


def users_of(organisation: Organisation, *, query: str = "", role: str = "") -> QuerySet[User]:
    """The organisation's users by name in Turkish alphabetical order; ``query`` matches every word
    in the username, names or e-mail address, ignoring Turkish letter case and accents."""
    users = User.objects.filter(organisation=organisation).select_related("unit")
    for word in query.split():
        users = users.filter(
            Q(username__tr_contains=word)
            | Q(first_name__tr_contains=word)
            | Q(last_name__tr_contains=word)
            | Q(email__tr_contains=word)
        )
    if role:
        users = users.filter(role=role)
    return users.order_by(turkish_order("first_name"), turkish_order("last_name"), turkish_order("username"), "pk")


def job_for_user(*, user: User | Any, pk: Any) -> Job:
    job = Job.objects.filter(pk=pk).first()
    if job is None or not (job.created_by_id == user.pk or user.has_perm("core.grant_platform_admin")):
        raise Http404(_("No job with this address."))
    return job
