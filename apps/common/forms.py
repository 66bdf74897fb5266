from django import forms
from django.core.exceptions import ValidationError


def add_validation_errors(form, exc: ValidationError):
    """Show a service's ValidationError on ``form``: next to the field it names, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class ReasonForm(forms.Form):
    """A reason, required: recusals, reopening a score."""

    reason = forms.CharField(label="理由", max_length=300)
