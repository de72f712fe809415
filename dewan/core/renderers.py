"""The form renderer: Django's widgets drawn by Jinja2, which is several times quicker than
the Django template engine at the many small templates a form is made of (every select
option is one). A widget template Jinja2 does not have (the admin's own widgets) is drawn by
the Django template engine, as Django's default renderer would."""

from __future__ import annotations

from functools import cached_property

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class WidgetRenderer(Jinja2):
    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._django.get_template(template_name)

    @cached_property
    def _django(self) -> DjangoTemplates:
        return DjangoTemplates()
