from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    verbose_name = _("Program dan Progres")
    name = "programs"
    default_auto_field = "django.db.models.BigAutoField"
