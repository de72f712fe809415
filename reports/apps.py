from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    verbose_name = _("Laporan Evaluasi")
    name = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(ensure_reference_data, sender=self,
                             dispatch_uid=f"{self.label}-reference-data")
        from . import (
            notices,  # noqa: F401 — registers the kinds of notification
            signals,
        )

        signals.connect()


def ensure_reference_data(sender, apps=None, **kwargs) -> None:
    """After every migrate or flush (a transactional test's teardown flushes the database):
    the reference rows the data migrations made must still be there."""
    from django.apps import apps as installed

    apps = apps or installed
    from dewan.core import versions

    from .schedules import ensure_schedules

    ensure_schedules(apps)
    versions.move(versions.NATIONAL)  # a migration may have changed any data
    versions.move(versions.GLOBAL)  # and so any kept page (dewan/council/pages.py)
