from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "ortakakil.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from . import registrations, triage_jobs  # noqa: F401  (triage_jobs registers its job runner)

        registrations.register()

        from ortakakil.core.retention import register_rule

        from .retention import RULES

        for rule in RULES:
            register_rule(rule)
