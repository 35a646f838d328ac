from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "ortakakil.processes"
    label = "processes"
    verbose_name = _("Planning processes")

    def ready(self) -> None:
        from ortakakil.core import audit

        from . import jobs  # noqa: F401  (registers the job runners)
        from .selectors import processes_for_backoffice

        # The audit log's process filter offers the processes the person sees in the back office.
        audit.register_process_choices(
            lambda user: processes_for_backoffice(user).order_by("-start_year", "title").values_list("pk", "title")
        )
