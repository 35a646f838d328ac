from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Phase, PreparationTask, Process, Theme


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = ["kind", "name", "starts_on", "ends_on", "switches"]


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["position", "code", "name", "lead_unit", "colour"]


@admin.register(Process)
class ProcessAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "organisation", "start_year", "end_year", "current_phase", "is_published"]
    list_filter = ["organisation", "is_published"]
    search_fields = ["title", "slug"]
    inlines = [PhaseInline, ThemeInline]


@admin.register(PreparationTask)
class PreparationTaskAdmin(SimpleHistoryAdmin):
    list_display = ["title", "process", "owner_unit", "starts_on", "due_on", "status"]
    list_filter = ["process", "status", "owner_unit"]
    search_fields = ["title"]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "process", "lead_unit"]
    list_filter = ["process"]
