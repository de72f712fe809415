from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "dewan.documents"
    label = "documents"
    verbose_name = _("Dokumen resmi")
    default_auto_field = "django.db.models.BigAutoField"
