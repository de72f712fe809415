"""Form pieces shared by every app's forms."""

from crispy_forms.helper import FormHelper
from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker, with the ISO value it expects."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def inline_form_helper() -> FormHelper:
    """A crispy helper for forms whose <form> tag the template writes itself."""
    helper = FormHelper()
    helper.form_tag = False
    return helper
