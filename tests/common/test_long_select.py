"""LongSelect writes what Django's own Select template writes, escaping included."""

import pytest
from django import forms

from apps.common.widgets import LongSelect

CHOICES = [
    ("", "全部"),
    ("a", "滨海新区"),
    ('"><script>alert(1)</script>', "<b>加粗</b> & “引号”"),
    ("分组", [("x", "甲"), ("y", "乙<i>")]),
]


@pytest.mark.parametrize("value", [None, "", "a", '"><script>alert(1)</script>', "y"])
@pytest.mark.parametrize("attrs", [None, {"id": "f-x", "class": "wide", "required": True, "disabled": False, "aria-label": 'a"b'}])
def test_long_select_renders_as_the_select_template(value, attrs):
    expected = forms.Select(choices=CHOICES, attrs=attrs).render("state", value)
    got = LongSelect(choices=CHOICES, attrs=attrs).render("state", value)
    assert got == expected
    assert "<script>" not in got and "<b>" not in got


def test_the_selected_option_written_out():
    html = LongSelect(choices=[("1", "一"), ("2", "二")]).render("n", "2")
    assert html == (
        '<select name="n">\n  <option value="1">一</option>\n\n  <option value="2" selected>二</option>\n\n</select>'
    )
