from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The pages that bring the apps together: each role's home, the regency overview and
    the regency dashboard."""

    name = "dewan.home"
    label = "home"
    verbose_name = _("Beranda")
