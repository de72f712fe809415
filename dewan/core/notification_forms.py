"""The form of a user's notification preferences: one e-mail checkbox per kind."""

from __future__ import annotations

from django import forms

from .forms import PortalForm


class NotificationPreferencesForm(PortalForm):
    """A checkbox "send me an e-mail" for every registered kind of notification."""

    def __init__(self, *args, kinds, current: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in kinds:
            self.fields[self._name(kind.code)] = forms.BooleanField(
                label=kind.label, required=False, initial=current.get(kind.code, True),
                help_text=kind.description,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    @staticmethod
    def _name(code: str) -> str:
        return "email_" + code.replace(".", "__")

    def wanted(self) -> dict[str, bool]:
        return {kind.code: bool(self.cleaned_data.get(self._name(kind.code)))
                for kind in self.kinds}

    def rows(self):
        return [self[self._name(kind.code)] for kind in self.kinds]
