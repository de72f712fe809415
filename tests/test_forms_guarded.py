"""Every form of the project guards its fields (dewan/core/forms.py), found by enumeration."""

from __future__ import annotations

import importlib
import pkgutil

from django import forms

from dewan.core.forms import PortalFormMixin

PROJECT_PACKAGES = ("dewan", "programs", "meetings", "reports")


def _import_every_module() -> None:
    for name in PROJECT_PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, f"{name}."):
            if ".migrations" not in module.name and not module.name.endswith("worker"):
                importlib.import_module(module.name)


def _subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def test_every_form_class_of_the_project_uses_the_portal_guards():
    _import_every_module()
    ours = [form for form in _subclasses(forms.BaseForm)
            if form.__module__.split(".")[0] in PROJECT_PACKAGES
            and form.__module__ != "dewan.core.forms"]
    assert len(ours) > 15
    unguarded = sorted(f"{f.__module__}.{f.__name__}" for f in ours
                       if not issubclass(f, PortalFormMixin) and "filter" not in f.__module__)
    assert unguarded == []
