from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data of the five seed articles and the `seed_demo` command."""

    name = "dewan.demo"
    label = "demo"
    verbose_name = "Demo"
