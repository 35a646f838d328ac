"""The back office (``/manage/``): staff pages of every app, under one namespace."""

from django.urls import include, path

from ortakakil.core import audit_views, verification_views
from ortakakil.core import views as core
from ortakakil.processes import manage_views as processes

app_name = "manage"

urlpatterns = [
    path("", processes.dashboard, name="dashboard"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/export.csv", audit_views.audit_log_export, name="audit_log_export"),
    path("organisations/<slug:org_slug>/units/", core.unit_list, name="units"),
    path("organisations/<slug:org_slug>/units/new/", core.unit_create, name="unit_create"),
    path("organisations/<slug:org_slug>/units/<int:pk>/", core.unit_edit, name="unit_edit"),
    path("organisations/<slug:org_slug>/users/", core.user_list, name="users"),
    path("organisations/<slug:org_slug>/users/new/", core.user_create, name="user_create"),
    path("organisations/<slug:org_slug>/users/<int:pk>/", core.user_edit, name="user_edit"),
    path("organisations/<slug:org_slug>/census/", verification_views.census_upload, name="census_upload"),
    path("verify-in-person/", verification_views.verify_in_person, name="verify_in_person"),
    path("organisations/<slug:org_slug>/processes/new/", processes.process_create, name="process_create"),
    path("processes/<slug:slug>/", processes.process_overview, name="process"),
    path("processes/<slug:slug>/settings/", processes.process_edit, name="process_edit"),
    path("processes/<slug:slug>/phases/new/", processes.phase_create, name="phase_create"),
    path("processes/<slug:slug>/phases/<int:pk>/", processes.phase_edit, name="phase_edit"),
    path("processes/<slug:slug>/phases/<int:pk>/delete/", processes.phase_delete, name="phase_delete"),
    path("processes/<slug:slug>/phases/<int:pk>/current/", processes.phase_make_current, name="phase_make_current"),
    path("processes/<slug:slug>/themes/new/", processes.theme_create, name="theme_create"),
    path("processes/<slug:slug>/themes/<int:pk>/", processes.theme_edit, name="theme_edit"),
    path("processes/<slug:slug>/themes/<int:pk>/delete/", processes.theme_delete, name="theme_delete"),
    path("processes/<slug:slug>/programme/new/", processes.task_create, name="task_create"),
    path("processes/<slug:slug>/programme/export/", processes.programme_export, name="programme_export"),
    path("processes/<slug:slug>/programme/<int:pk>/", processes.task_edit, name="task_edit"),
    path("processes/<slug:slug>/programme/<int:pk>/delete/", processes.task_delete, name="task_delete"),
    path("processes/<slug:slug>/programme/<int:pk>/status/", processes.task_set_status, name="task_status"),
    path("", include("ortakakil.workshops.registry_urls")),
    path("", include("ortakakil.workshops.event_urls")),
    path("", include("ortakakil.workshops.manage_urls")),
    path("", include("ortakakil.surveys.manage_urls")),
    path("", include("ortakakil.planning.manage_urls")),
    path("", include("ortakakil.opinions.manage_urls")),
    path("", include("ortakakil.textmine.theme_urls")),
    # A round's result pages before the round's state changes (``…/<pk>/<action>/``).
    path("", include("ortakakil.portfolio.result_urls")),
    path("", include("ortakakil.portfolio.manage_urls")),
    path("", include("ortakakil.portfolio.scenario_urls")),
    path("", include("ortakakil.monitoring.bulk_urls")),
    path("", include("ortakakil.monitoring.manage_urls")),
    path("", include("ortakakil.monitoring.report_urls")),
    path("", include("ortakakil.stats.manage_urls")),
]
