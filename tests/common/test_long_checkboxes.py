"""LongCheckboxes writes what Django's own CheckboxSelectMultiple templates write, escaping included."""

import pytest
from django import forms

from apps.common.widgets import LongCheckboxes

CHOICES = [
    ("a", "装备制造"),
    ('"><script>alert(1)</script>', "<b>加粗</b> & “引号”"),
    (3, "三"),
    ("分组", [("x", "甲"), ("y", "乙<i>")]),
]


@pytest.mark.parametrize("value", [None, [], ["a"], ["a", '"><script>alert(1)</script>', "y"], [3]])
@pytest.mark.parametrize("attrs", [None, {"id": "id_specialties"}, {"id": 'f"x', "class": "wide", "aria-describedby": "h<1>", "disabled": True}])
def test_long_checkboxes_render_as_the_checkbox_templates(value, attrs):
    expected = forms.CheckboxSelectMultiple(choices=CHOICES, attrs=attrs).render("specialties", value)
    got = LongCheckboxes(choices=CHOICES, attrs=attrs).render("specialties", value)
    assert got == expected
    assert "<script>" not in got and "<b>" not in got


def test_the_checked_option_written_out():
    html = LongCheckboxes(choices=[("1", "一"), ("2", "二")], attrs={"id": "id_n"}).render("n", ["2"])
    assert html == (
        '<div id="id_n"><div>\n    <label for="id_n_0"><input type="checkbox" name="n" value="1" id="id_n_0">\n 一</label>\n\n</div>'
        '<div>\n    <label for="id_n_1"><input type="checkbox" name="n" value="2" id="id_n_1" checked>\n 二</label>\n\n</div>\n</div>'
    )


def test_the_expert_form_renders_its_specialties_as_before():
    from apps.office.forms.review import ExpertForm

    form = ExpertForm(initial={"specialties": ["energy", "food"]})
    field = form["specialties"]
    expected = forms.CheckboxSelectMultiple(choices=field.field.choices).render(
        "specialties", ["energy", "food"], attrs=field.build_widget_attrs({"id": field.auto_id})
    )
    assert isinstance(field.field.widget, LongCheckboxes)
    assert str(field) == expected
    assert str(field).count(" checked") == 2
