from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    """The council register and the tenant. Its label stays "dewan" (tables, migrations)."""

    name = "dewan.council"
    label = "dewan"
    verbose_name = _("Dewan Smart City")
    default_auto_field = "django.db.models.BigAutoField"
