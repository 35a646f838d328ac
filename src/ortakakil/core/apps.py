from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ortakakil.core"
    label = "core"
    verbose_name = _("Organisation and users")

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed
        from django.db.backends.signals import connection_created

        from . import accounts, audit, checks, db, verification  # noqa: F401 (checks registers itself)

        # SQLite learns the Turkish fold function and collation on every connection.
        connection_created.connect(db.register_sqlite, dispatch_uid="ortakakil.core.db.register_sqlite")
        # A confirmed e-mail address verifies the account: it may now write.
        email_confirmed.connect(accounts.on_email_confirmed, dispatch_uid="ortakakil.core.accounts.email_confirmed")
        # Verified participants: the rate limits of SMS codes and census checks, «Verilerim».
        verification.register()
        # The audit log's own sources: staff changes to users and units.
        audit.register_core()
