"""Checkbox, Hidden, the text, e-mail and date inputs and PlainTextarea write what Django's own
widget templates write, escaping included, bound to a form with and without errors."""

import datetime

import pytest
from django import forms

from apps.common.widgets import Checkbox, DateInput, EmailInput, Hidden, PlainTextarea, TextInput
from apps.office.forms.review import ExpertForm, ExpertStatusForm

TRICKY = '<b>"引号" & \'单引号\'</b>'


@pytest.mark.parametrize("value", [None, "", False, True, "on", 0, 1, TRICKY, datetime.date(2026, 1, 2)])
@pytest.mark.parametrize("attrs", [None, {"id": "id_x"}, {"id": "id_x", "aria-invalid": "true", "aria-describedby": "id_x_error", "disabled": True, "data-t": TRICKY}])
def test_plain_widgets_write_what_django_writes(value, attrs):
    for plain, django_widget in (
        (Checkbox(), forms.CheckboxInput()),
        (Checkbox(attrs={"class": "c"}), forms.CheckboxInput(attrs={"class": "c"})),
        (Hidden(), forms.HiddenInput()),
        (TextInput(), forms.TextInput()),
        (TextInput(attrs={"maxlength": "50"}), forms.TextInput(attrs={"maxlength": "50"})),
        (EmailInput(), forms.EmailInput()),
        (DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")),
        (PlainTextarea(attrs={"rows": 5}), forms.Textarea(attrs={"rows": 5})),
    ):
        assert plain.render("x", value, attrs) == django_widget.render("x", value, attrs)


class Both(forms.Form):
    def __init__(self, *args, plain, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["check"] = forms.BooleanField(required=True, label="核查", widget=Checkbox if plain else forms.CheckboxInput)
        self.fields["state"] = forms.CharField(widget=Hidden if plain else forms.HiddenInput)
        self.fields["opinion"] = forms.CharField(help_text="说明", widget=PlainTextarea(attrs={"rows": 5}) if plain else forms.Textarea(attrs={"rows": 5}))


@pytest.mark.parametrize("data", [None, {}, {"check": "on", "state": "submitted", "opinion": TRICKY}, {"opinion": "  "}])
def test_bound_fields_render_alike(data):
    plain, django_form = Both(data, plain=True), Both(data, plain=False)
    for name in ("check", "state", "opinion"):
        assert str(plain[name]) == str(django_form[name]), name


class DjangoExpertForm(ExpertForm):
    class Meta(ExpertForm.Meta):
        widgets = {name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for name in ("term_start", "term_end")}


class DjangoExpertStatusForm(ExpertStatusForm):
    reason = forms.CharField(label="说明", max_length=200, required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"name": TRICKY, "employer_name": "单位", "employer_credit_code": "bad", "email": "not-an-address", "term_start": "2026-03-01", "term_end": "2026-01-01", "specialties": ["x"]},
    ],
)
def test_the_expert_forms_render_as_with_djangos_widgets(data):
    initial = {"name": "专家", "term_start": datetime.date(2026, 1, 2), "email": "a@example.org"}
    for plain, django_form in (
        (ExpertForm(data, initial=initial), DjangoExpertForm(data, initial=initial)),
        (ExpertStatusForm(data), DjangoExpertStatusForm(data)),
    ):
        assert list(plain.fields) == list(django_form.fields)
        for name in plain.fields:
            assert str(plain[name]) == str(django_form[name]), name
