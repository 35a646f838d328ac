from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "ortakakil.opinions"
    label = "opinions"
    verbose_name = _("Opinion map")

    def ready(self) -> None:
        from . import recompute, registrations, rules  # noqa: F401  (recompute registers its job runner)

        registrations.register()
