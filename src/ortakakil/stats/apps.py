from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "ortakakil.stats"
    label = "stats"
    verbose_name = _("Participation statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import registrations

        registrations.register()
