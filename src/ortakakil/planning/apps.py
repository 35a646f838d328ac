from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "ortakakil.planning"
    label = "planning"
    verbose_name = _("Strategic plan")

    def ready(self) -> None:
        from . import registrations, rules  # noqa: F401

        registrations.register()
