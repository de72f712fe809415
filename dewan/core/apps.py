from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares: formats, uploads, errors, the calendar, the task outbox, the
    audit log and the session lifetime."""

    name = "dewan.core"
    label = "core"
    verbose_name = _("Inti portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(ensure_reference_data, sender=self,
                             dispatch_uid=f"{self.label}-reference-data")
        from django.contrib.auth.signals import user_logged_in

        from . import audit, versions
        from .middleware import remember_login_moment

        audit.connect_signals()
        versions.connect_page_data()
        user_logged_in.connect(remember_login_moment, dispatch_uid="session-login-moment")


def ensure_reference_data(sender, apps=None, **kwargs) -> None:
    """After every migrate or flush (a transactional test's teardown flushes the database):
    the reference rows the data migrations made must still be there."""
    from django.apps import apps as installed

    apps = apps or installed
    from .schedules import ensure_schedules

    ensure_schedules(apps)
