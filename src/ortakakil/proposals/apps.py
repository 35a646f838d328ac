from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "ortakakil.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from . import registrations

        registrations.register()
