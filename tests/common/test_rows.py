"""The lists' per-row helpers write what Django's ``{% url %}`` and ``|date`` write."""

import datetime
import zoneinfo

import pytest
from django.template import engines
from django.urls import reverse, set_script_prefix

from apps.common.templatetags.rows import clip, day, minute, row_address, second


@pytest.mark.parametrize("viewname", ["projects:detail", "recommenders:review"])
@pytest.mark.parametrize("pk", [1, 42, 12345, 9182736450])
def test_a_rows_address_is_djangos(viewname, pk):
    assert row_address(viewname, pk) == reverse(viewname, args=[pk])


def test_a_rows_address_follows_the_script_prefix():
    try:
        set_script_prefix("/portal/")
        assert row_address("projects:detail", 7) == reverse("projects:detail", args=[7]) == "/portal/projects/7/"
    finally:
        set_script_prefix("/")
    assert row_address("projects:detail", 7) == "/projects/7/"


def test_the_row_url_tag_in_a_loop_writes_djangos_url_tag():
    template = engines["django"].from_string(
        "{% load rows %}{% for pk in keys %}{% row_url name pk %}|{% url name pk %};{% endfor %}"
        "{% for pk in keys %}{% row_url 'recommenders:review' pk %};{% endfor %}"
    )
    written = template.render({"keys": [3, 40, 12345], "name": "projects:detail"})
    assert written == (
        "/projects/3/|/projects/3/;/projects/40/|/projects/40/;/projects/12345/|/projects/12345/;"
        "/recommenders/projects/3/;/recommenders/projects/40/;/recommenders/projects/12345/;"
    )
    try:
        set_script_prefix("/portal/")
        assert template.render({"keys": [7], "name": "projects:detail"}) == "/portal/projects/7/|/portal/projects/7/;/portal/recommenders/projects/7/;"
    finally:
        set_script_prefix("/")


def test_a_rows_time_is_djangos_date_filter(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    template = engines["django"].from_string(
        '{% load rows %}{{ at|minute|default:"—" }}|{{ at|date:"Y-m-d H:i"|default:"—" }}|{{ at|minute:"—" }}'
    )
    for at in [
        datetime.datetime(2026, 4, 20, 10, 0, 59, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 31, 16, 5, tzinfo=datetime.UTC),  # the next day in Tianjin
        datetime.datetime(2026, 1, 2, 3, 4, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")),
        None,
    ]:
        ours, djangos, in_one = template.render({"at": at}).split("|")
        assert ours == djangos == in_one, at
    new_year = datetime.datetime(2026, 12, 31, 16, 5, tzinfo=datetime.UTC)
    assert template.render({"at": new_year}).split("|")[0] == "2027-01-01 00:05"
    assert minute(None) == minute("") == ""
    assert minute(None, "—") == "—"
    assert minute(datetime.date(2026, 5, 4)) == "2026-05-04 00:00"
    assert minute(datetime.datetime(999, 1, 2, 3, 4)) == "0999-01-02 03:04"


def test_a_rows_time_to_the_second_is_djangos_date_filter(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    template = engines["django"].from_string('{% load rows %}{{ at|second }}|{{ at|date:"Y-m-d H:i:s" }}')
    for at in [
        datetime.datetime(2026, 4, 20, 10, 0, 59, 999999, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 31, 16, 5, 7, tzinfo=datetime.UTC),
        None,
    ]:
        ours, djangos = template.render({"at": at}).split("|")
        assert ours == djangos, at
    assert template.render({"at": datetime.datetime(2026, 12, 31, 16, 5, 7, tzinfo=datetime.UTC)}).split("|")[0] == "2027-01-01 00:05:07"
    assert second(None) == second("") == ""


@pytest.mark.parametrize("state", ["draft", "submitted", "results_submitted", "awarded", "revoked", "<odd>"])
def test_the_state_badge_filter_writes_the_partial(state):
    from django.template.loader import render_to_string

    from apps.common.templatetags.rows import state_badge
    from apps.projects.models import Project

    project = Project(state=state)
    assert state_badge(project) == render_to_string("partials/state_badge.html", {"project": project})


def test_a_rows_day_is_djangos_date_filter(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    template = engines["django"].from_string('{% load rows %}{{ on|day|default:"—" }}|{{ on|date:"Y-m-d"|default:"—" }}')
    for on in [datetime.date(2026, 1, 2), datetime.date(2031, 12, 31), datetime.datetime(2026, 12, 31, 16, 5, tzinfo=datetime.UTC), None]:
        ours, djangos = template.render({"on": on}).split("|")
        assert ours == djangos, on
    assert template.render({"on": datetime.date(2026, 1, 2)}).split("|")[0] == "2026-01-02"
    assert template.render({"on": None}).split("|")[0] == "—"
    assert day(None) == day("") == ""


@pytest.mark.parametrize(
    "text",
    [
        "", "短标题", "一二三四五六七八九十一二三四五六七八", "一二三四五六七八九十一二三四五六七八九",
        "高端装备制造关键零部件质量提升攻关项目（第二期）", "Cafe\u0301 au lait and a very long tail", "e\u0301" * 30,
        "\u212b ohm sign is decomposed by NFC and long enough", "<b>加粗</b> & 引号“”很长很长很长很长很长很长",
    ],
)
@pytest.mark.parametrize("length", [0, 1, 2, 18])
def test_a_rows_clip_is_djangos_truncatechars(text, length):
    from django.utils.safestring import mark_safe

    template = engines["django"].from_string("{% load rows %}{{ text|clip:n }}|{{ text|truncatechars:n }}")
    for value in (text, mark_safe(text)):
        ours, djangos = template.render({"text": value, "n": length}).split("|")
        assert ours == djangos, (text, length)
    # Django's Chinese ellipsis is three full stops, counted within the eighteen.
    assert clip("一二三四五六七八九十一二三四五六七八九", 18) == "一二三四五六七八九十一二三四五..."
    assert clip(None, 18) == "None"
