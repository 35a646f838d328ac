from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from ortakakil.core import views as core_views
from ortakakil.proposals import urls as proposal_urls

# The admin logs in through allauth's login, which asks staff for their second factor (core/mfa.py).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("ortakakil.processes.urls")),
    path("", include("ortakakil.workshops.urls")),
    path("", include("ortakakil.proposals.urls")),
    path("", include("ortakakil.surveys.urls")),
    path("", include("ortakakil.planning.urls")),
    path("", include("ortakakil.opinions.urls")),
    path("", include("ortakakil.stats.urls")),
    path("", include("ortakakil.portfolio.urls")),
    path("", include("ortakakil.monitoring.public_urls")),
    path("", include("ortakakil.core.urls")),
    path("manage/", include("ortakakil.backoffice_urls")),
    path("manage/", include(proposal_urls.manage_patterns)),
    path("jobs/<uuid:pk>/", core_views.job_detail, name="job_detail"),
    path("jobs/<uuid:pk>/download/", core_views.job_download, name="job_download"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("ortakakil.api.urls")),
    path("admin/", admin.site.urls),
]
