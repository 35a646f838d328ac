from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextmineConfig(AppConfig):
    name = "ortakakil.textmine"
    verbose_name = _("Text analysis")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import embeddings, proposal_suggestions, registrations, theme_registrations  # noqa: F401  (job runners)

        registrations.register()
        theme_registrations.register()
