from django.urls import path

from . import analysis_views, goal_views
from . import manage_views as views

PLAN = "processes/<slug:slug>/plan/"
AIM = PLAN + "aims/<str:code>/"
GOAL = PLAN + "goals/<str:code>/"

urlpatterns = [
    path("processes/<slug:slug>/plan/", views.plan_home, name="plan"),
    path("processes/<slug:slug>/plan/submit/", views.plan_submit, name="plan_submit"),
    path("processes/<slug:slug>/plan/return/", views.plan_return, name="plan_return"),
    path("processes/<slug:slug>/plan/approve/", views.plan_approve, name="plan_approve"),
    path("processes/<slug:slug>/plan/update/", views.plan_update, name="plan_update"),
    path("processes/<slug:slug>/plan/versions/", views.plan_diff, name="plan_diff"),
    path("processes/<slug:slug>/plan/history/", views.plan_history, name="plan_history"),
    # Aims, goal cards, indicators and the contributions they answer (goal_views).
    path(PLAN + "aims/new/", goal_views.aim_create, name="plan_aim_create"),
    path(AIM, goal_views.aim_edit, name="plan_aim_edit"),
    path(AIM + "delete/", goal_views.aim_delete, name="plan_aim_delete"),
    path(AIM + "sources/add/", goal_views.aim_source_add, name="plan_aim_source_add"),
    path(AIM + "sources/<int:pk>/remove/", goal_views.aim_source_remove, name="plan_aim_source_remove"),
    path(AIM + "goals/new/", goal_views.goal_create, name="plan_goal_create"),
    path(GOAL, goal_views.goal_edit, name="plan_goal_edit"),
    path(GOAL + "delete/", goal_views.goal_delete, name="plan_goal_delete"),
    path(GOAL + "sources/add/", goal_views.goal_source_add, name="plan_goal_source_add"),
    path(GOAL + "sources/<int:pk>/remove/", goal_views.goal_source_remove, name="plan_goal_source_remove"),
    path(GOAL + "indicators/new/", goal_views.indicator_create, name="plan_indicator_create"),
    path(GOAL + "indicators/<str:indicator>/", goal_views.indicator_edit, name="plan_indicator_edit"),
    path(GOAL + "indicators/<str:indicator>/delete/", goal_views.indicator_delete, name="plan_indicator_delete"),
    path(PLAN + "unanswered/", goal_views.unanswered, name="plan_unanswered"),
    path(PLAN + "unanswered/attach/", goal_views.unanswered_attach, name="plan_unanswered_attach"),
    # The situation analysis (durum analizi) and looking ahead (geleceğe bakış).
    path("processes/<slug:slug>/plan/analysis/", analysis_views.analysis_workspace, name="plan_analysis"),
    path(
        "processes/<slug:slug>/plan/analysis/rows/<int:pk>/",
        analysis_views.analysis_item_edit,
        name="plan_analysis_item_edit",
    ),
    path(
        "processes/<slug:slug>/plan/analysis/rows/<int:pk>/delete/",
        analysis_views.analysis_item_delete,
        name="plan_analysis_item_delete",
    ),
    path(
        "processes/<slug:slug>/plan/analysis/swot/adopt/",
        analysis_views.swot_adopt,
        name="plan_analysis_swot_adopt",
    ),
    path(
        "processes/<slug:slug>/plan/analysis/findings/new/",
        analysis_views.finding_create,
        name="plan_analysis_finding_create",
    ),
    path(
        "processes/<slug:slug>/plan/analysis/findings/<int:pk>/",
        analysis_views.finding_edit,
        name="plan_analysis_finding_edit",
    ),
    path(
        "processes/<slug:slug>/plan/analysis/findings/<int:pk>/delete/",
        analysis_views.finding_delete,
        name="plan_analysis_finding_delete",
    ),
    # After findings/new/: a section's new row.
    path(
        "processes/<slug:slug>/plan/analysis/<str:section>/new/",
        analysis_views.analysis_item_create,
        name="plan_analysis_item_create",
    ),
    path("processes/<slug:slug>/plan/ahead/", analysis_views.plan_ahead, name="plan_ahead"),
    # The contributions a part of the plan answers: ``target`` is a ``Source.Target``; the
    # mission, the vision and the values have no item.
    path(
        "processes/<slug:slug>/plan/sources/<int:pk>/remove/",
        analysis_views.source_remove,
        name="plan_source_remove",
    ),
    path(
        "processes/<slug:slug>/plan/sources/<str:target>/",
        analysis_views.source_attach,
        name="plan_source_attach",
    ),
    path(
        "processes/<slug:slug>/plan/sources/<str:target>/<int:item>/",
        analysis_views.source_attach,
        name="plan_source_attach",
    ),
]
