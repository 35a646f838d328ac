from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from .processes import ProcessViewSet
from .proposals import ProposalViewSet

router = DefaultRouter()
router.register("processes", ProcessViewSet, basename="process")
router.register("proposals", ProposalViewSet, basename="proposal")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
]
