from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DewanConfig(AppConfig):
    verbose_name = _("Dewan Smart City")
    name = "dewan"
    default_auto_field = "django.db.models.BigAutoField"
