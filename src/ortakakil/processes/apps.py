from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "ortakakil.processes"
    label = "processes"
    verbose_name = _("Planning processes")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the job runners)
