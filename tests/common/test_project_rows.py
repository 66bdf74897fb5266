"""The project lists' rows written in Python (apps.common.templatetags.project_rows) write what
the lists' template rows wrote, escaped alike, for every case a cell has: the unit's inbox,
the project list, the workbench and the tracking list (第十三条)."""

import datetime

import pytest
from django.template import engines

from apps.common.templatetags.project_rows import inbox_rows, list_rows, tracking_rows, workbench_rows
from apps.projects.rows import ProjectRow

# The rows as the templates wrote them, before the filters (loop and whitespace included).
INBOX_TEMPLATE = """{% load rows %}{% for project in projects %}
  <tr><td>{{ project.number }}</td><td>{{ project.title }}</td><td>{{ project.organization.name }}</td><td>{{ project.organization.get_district_display }}</td><td>{{ project.organization.get_industry_display }}</td>
    <td>{{ project.submitted_at|minute:"—" }}</td><td>{{ project|state_badge }}</td>
    <td><a class="btn small{% if project.state != 'submitted' and project.state != 'results_submitted' %} secondary{% endif %}" href="{% row_url 'recommenders:review' project.pk %}">{% if project.state == "submitted" %}审核{% elif project.state == "results_submitted" %}评估成果{% else %}查看{% endif %}</a></td></tr>
  {% endfor %}"""

LIST_TEMPLATE = """{% load rows %}{% for project in projects %}
    <tr><td>{{ project.number }}</td><td><a href="{% row_url 'projects:detail' project.pk %}">{{ project.title }}</a></td><td>{{ project.organization.name }}</td>
      <td>{{ project.recommender.name|default:"—" }}</td><td>{{ project.campaign.year }}</td><td>{{ project|state_badge }}</td><td>{{ project.updated_at|minute }}</td></tr>
  {% endfor %}"""

WORKBENCH_TEMPLATE = """{% load rows %}{% for project in projects %}
      <tr><td class="nowrap">{{ project.number }}</td><td><a href="{% row_url 'projects:detail' project.pk %}">{{ project.title }}</a></td><td>{{ project.organization }}</td><td>{{ project.recommender|default:"—" }}</td><td>{{ project|state_badge }}</td></tr>
    {% endfor %}"""

TRACKING_TEMPLATE = """{% load rows %}{% for project in projects %}
      <tr><td>{{ project.title }}<div class="muted">{{ project.number }}</div></td><td>{{ project.organization__name }}</td><td>{{ project.recommender__name|default:"—" }}</td><td>{{ project|state_badge }}</td>
        <td class="num">{{ project.n_visits }}</td><td>{{ project.last_visit|date:"Y-m-d"|default:"—" }}</td>
        <td><a class="btn small {% if may_track %}{% else %}secondary{% endif %}" href="{{ project.tracking_url }}">{% if may_track %}记录 / 查看{% else %}查看{% endif %}</a></td></tr>
    {% endfor %}"""

LATE = datetime.datetime(2026, 12, 31, 16, 5, 9, tzinfo=datetime.UTC)  # 2027-01-01 00:05 in Beijing


def project_rows():
    """Rows with every case of each cell: each state the inbox acts on and another, a unit and
    none (and one with no name), no submission time, text to escape, an unknown district."""
    return [
        ProjectRow((12, "降低焊接返修率", "submitted", LATE, LATE, LATE, 1, 2026, 3, "天津行示例有限公司", "heping", "automotive", 5, "和平区市场监督管理局")),
        ProjectRow((345, "提高<一次>交检合格率 & “质量”", "results_submitted", None, LATE, LATE, 1, 2027, 4, 'A&B "公司"', "nankai", "other", None, None)),
        ProjectRow((6789, "标题", "in_progress", LATE, LATE, LATE, 2, 2025, 5, "<b>组织</b>", "", "", 7, "")),
        ProjectRow((10, "草稿", "draft", None, LATE, LATE, 2, 2025, 6, "组织", "unknown", "unknown", 8, "单位<i>")),
    ]


def template_rows(text, **context):
    return engines["django"].from_string(text).render(context)


@pytest.fixture(autouse=True)
def beijing(settings):
    settings.TIME_ZONE = "Asia/Shanghai"


def test_the_inbox_rows_write_the_template_rows():
    rows = project_rows()
    expected = template_rows(INBOX_TEMPLATE, projects=rows)
    assert inbox_rows(rows) == expected
    assert "2027-01-01 00:05" in expected and "<td>—</td>" in expected and "&lt;一次&gt;" in expected
    assert ">审核</a>" in expected and ">评估成果</a>" in expected and 'secondary" href="/recommenders/projects/6789/">查看</a>' in expected


def test_the_project_list_rows_write_the_template_rows():
    rows = project_rows()
    expected = template_rows(LIST_TEMPLATE, projects=rows)
    assert list_rows(rows) == expected
    assert '<a href="/projects/12/">降低焊接返修率</a>' in expected and "<td>单位&lt;i&gt;</td>" in expected


def test_the_workbench_rows_write_the_template_rows():
    rows = project_rows()
    expected = template_rows(WORKBENCH_TEMPLATE, projects=rows)
    assert workbench_rows(rows) == expected
    assert '<td class="nowrap">ZLGG202500010</td>' in expected


@pytest.mark.parametrize("may_track", [True, False])
def test_the_tracking_rows_write_the_template_rows(may_track):
    rows = [
        {"pk": 1, "number": "ZLGG202600001", "title": "项目<1>", "state": "in_progress", "organization__name": "组织&", "recommender__name": "单位",
         "n_visits": 3, "last_visit": datetime.date(2026, 5, 4), "tracking_url": "/training/tracking/projects/1/"},
        {"pk": 2, "number": "ZLGG202600002", "title": "项目2", "state": "awarded", "organization__name": "组织", "recommender__name": None,
         "n_visits": 0, "last_visit": None, "tracking_url": "/training/tracking/projects/2/?a=1&b=2"},
    ]
    expected = template_rows(TRACKING_TEMPLATE, projects=rows, may_track=may_track)
    assert tracking_rows(rows, may_track) == expected
    assert "<td>2026-05-04</td>" in expected and '<td class="num">0</td><td>—</td>' in expected
