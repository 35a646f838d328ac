from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Workshop


@admin.register(Workshop)
class WorkshopAdmin(SimpleHistoryAdmin):
    list_display = ["title", "process", "venue", "date"]
    list_filter = ["process"]
