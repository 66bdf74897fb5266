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


def test_keys_lazy_and_safe_labels_escape_as_the_select_template():
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    choices = [("", "请选择"), (7, "王<五>"), (12, gettext_lazy("Yes")), (30, mark_safe("<b>安全</b>")), (None, "空")]
    for value in (None, 7, "12", 30):
        assert LongSelect(choices=choices).render("expert", value) == forms.Select(choices=choices).render("expert", value)


@pytest.mark.parametrize("current", ["", "binhai", 3, "3", "<x>"])
def test_the_filter_bars_choice_select_is_the_select_template_with_an_empty_choice(current):
    from django.template import Context, Template

    choices = [("binhai", "滨海新区"), (3, "河西区<市场监管局>"), ("<x>", "“引号” & 符号")]
    html = Template('{% load selects %}{% choice_select "district" choices current "f-district" %}').render(
        Context({"choices": choices, "current": current})
    )
    expected = forms.Select(choices=[("", "全部"), *choices], attrs={"id": "f-district"}).render("district", current)
    assert html == expected
    assert html.count(" selected") == 1 and "<x>" not in html


def test_only_the_first_option_of_a_repeated_value_is_selected_as_in_the_select_template():
    choices = [("a", "甲"), ("分组", [("a", "乙"), (None, "空")]), ("a", "丙")]
    html = LongSelect(choices=choices).render("n", "a")
    assert html == forms.Select(choices=choices).render("n", "a")
    assert html.count(" selected") == 1
