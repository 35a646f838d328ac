from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "ortakakil.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring and evaluation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import (
            permissions,  # noqa: F401  (registers the object permissions)
            public_registrations,
            registrations,
            report_jobs,  # noqa: F401  (registers the report rendering job)
        )

        registrations.register()
        public_registrations.register()
