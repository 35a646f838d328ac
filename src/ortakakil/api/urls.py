from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .budget import BudgetRoundViewSet
from .ideas import IdeaViewSet
from .monitoring import MeasurementViewSet
from .opinions import ConversationViewSet
from .processes import ProcessViewSet
from .proposals import ProposalViewSet
from .scoreboard import MonitoringViewSet

router = DefaultRouter()
router.register("budget-rounds", BudgetRoundViewSet, basename="budget-round")
router.register("conversations", ConversationViewSet, basename="conversation")
router.register("ideas", IdeaViewSet, basename="idea")
router.register("measurements", MeasurementViewSet, basename="measurement")
router.register("monitoring", MonitoringViewSet, basename="monitoring")
router.register("processes", ProcessViewSet, basename="process")
router.register("proposals", ProposalViewSet, basename="proposal")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves Swagger UI's start script as a file: the CSP allows no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api_schema", template_name="api/swagger_ui.html"),
        name="api_docs",
    ),
]
