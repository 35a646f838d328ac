from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "ortakakil.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        from . import registrations

        registrations.register()
