from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Consent, Job, Organisation, Unit, User


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "city"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "organisation", "is_active"]
    list_filter = ["organisation", "kind", "is_active"]
    search_fields = ["code", "name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "organisation", "unit", "is_active"]
    list_filter = ["role", "organisation", "is_active", "is_staff"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Role in the platform"), {"fields": ["role", "organisation", "unit", "represents"]}),
        (_("Participation"), {"fields": ["public_name", "verified_at", "erased_at"]}),
    )
    readonly_fields = ["erased_at"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    """Read only: a consent is evidence, recorded by the sign-up and withdrawn by erasure."""

    list_display = ["user", "purpose", "notice_version", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "notice_version"]
    readonly_fields = ["user", "purpose", "notice_version", "given_at", "withdrawn_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Consent | None = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "status", "done", "total", "created_by", "created_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["kind", "label", "status", "done", "total", "message", "created_by", "created_at", "finished_at"]
