from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    verbose_name = _("Program dan Progres")
    name = "programs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(ensure_reference_data, sender=self,
                             dispatch_uid=f"{self.label}-reference-data")
        from . import notices  # noqa: F401 — registers the kinds of notification


def ensure_reference_data(sender, apps=None, **kwargs) -> None:
    """After every migrate or flush (a transactional test's teardown flushes the database):
    the reference rows the data migrations made must still be there."""
    from django.apps import apps as installed

    apps = apps or installed
    from .reference import load_dimensions
    from .schedules import ensure_schedules

    load_dimensions(apps)
    ensure_schedules(apps)
