from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "ortakakil.portfolio"
    label = "portfolio"
    verbose_name = _("Portfolio and participatory budgeting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import manage_registrations, registrations

        registrations.register()
        manage_registrations.register()
