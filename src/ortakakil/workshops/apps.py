from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "ortakakil.workshops"
    label = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the job runners)
        from .registrations import register

        register()

        from ortakakil.core.retention import register_rule

        from .retention import RULES

        for rule in RULES:
            register_rule(rule)
