"""Checkbox, Hidden and PlainTextarea write what Django's own widget templates write, escaping
included, bound to a form with and without errors."""

import pytest
from django import forms

from apps.common.widgets import Checkbox, Hidden, PlainTextarea

TRICKY = '<b>"引号" & \'单引号\'</b>'


@pytest.mark.parametrize("value", [None, "", False, True, "on", 0, 1, TRICKY])
@pytest.mark.parametrize("attrs", [None, {"id": "id_x"}, {"id": "id_x", "aria-invalid": "true", "aria-describedby": "id_x_error", "disabled": True, "data-t": TRICKY}])
def test_plain_widgets_write_what_django_writes(value, attrs):
    for plain, django_widget in (
        (Checkbox(), forms.CheckboxInput()),
        (Checkbox(attrs={"class": "c"}), forms.CheckboxInput(attrs={"class": "c"})),
        (Hidden(), forms.HiddenInput()),
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
