from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import BaseChoiceIterator, normalize_choices


class FixedChoices(BaseChoiceIterator):
    """A field's choices that never change (states, districts, industries), shared by every
    copy of the field. A form deep-copies its fields, and a FilterSet its filters, on each
    request, and with them every (value, label) pair of a list's filter bar: some seventy
    pairs, three hundred copies a request, for lists that are the same each time. The
    choices are what the field and its widget read as ever (``normalize_choices``)."""

    def __init__(self, choices):
        self.choices = tuple(normalize_choices(choices))

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


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
