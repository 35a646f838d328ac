from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "ortakakil.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring and evaluation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the object permissions)
        from .public_registrations import register

        register()
