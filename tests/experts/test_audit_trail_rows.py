"""第二十三条: the audit tables (the audit page, an expert's page) show each event's time, actor
(系统 for none), action, project and expert, read as columns."""

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from apps.review.models import ReviewAuditEvent

pytestmark = pytest.mark.django_db


def test_each_event_shows_its_time_actor_action_project_and_expert(client, agency, make_expert, make_project):
    expert = make_expert("张审计")
    project = make_project(title="审计记录中项目名称超过十八个字时截短显示")
    by_system = ReviewAuditEvent.objects.create(action=ReviewAuditEvent.Action.AUTO_RECUSAL, expert=expert, project=project, message="自动回避")
    ReviewAuditEvent.objects.create(action=ReviewAuditEvent.Action.PANEL_DRAWN, actor=agency, message="抽取")
    when = date_filter(timezone.localtime(by_system.created_at), "Y-m-d H:i:s")
    system_row = (
        f'<tr><td class="nowrap">{when}</td><td>系统</td><td>自动回避</td>'
        f'<td><a href="{reverse("experts:audit")}?project={project.pk}">{Truncator(project.title).chars(18)}</a></td>'
        f"<td>张审计</td><td>自动回避</td></tr>"
    )
    client.force_login(agency)
    audit = client.get(reverse("experts:audit")).content.decode()
    assert system_row in audit
    assert f"<td>{agency}</td><td>抽取评审组</td><td>—</td><td>—</td><td>抽取</td></tr>" in audit
    assert system_row in client.get(reverse("experts:expert_detail", args=[expert.pk])).content.decode()


# The row as the events partial wrote it with template tags, before the audit_row filter.
TEMPLATE_ROW = (
    '{% load rows %}<tr><td class="nowrap">{{ ev.created_at|date:"Y-m-d H:i:s" }}</td><td>{{ ev.actor_name|default:"系统" }}</td>'
    "<td>{{ ev.action_label }}</td><td>{% if ev.project_id %}"
    '<a href="{{ audit_url }}?project={{ ev.project_id }}">{{ ev.project__title|truncatechars:18 }}</a>{% else %}—{% endif %}</td>'
    '<td>{{ ev.expert__name|default:"—" }}</td><td>{{ ev.message }}</td></tr>'
)


@pytest.mark.parametrize(
    "event",
    [
        {"actor_name": None, "project_id": None, "project__title": None, "expert__name": None, "message": ""},
        {"actor_name": "王<b>五</b>", "project_id": 12345, "project__title": "短", "expert__name": "李&四", "message": '说明"<script>'},
        {"actor_name": "", "project_id": 7, "project__title": "审计记录中项目名称超过十八个字时截短显示", "expert__name": "", "message": "x"},
        {"actor_name": "a", "project_id": 1234567, "project__title": "Cafe\u0301 <i>and a long title</i> & more", "expert__name": "e", "message": "m"},
    ],
)
def test_the_audit_row_filter_writes_the_template_row(settings, event):
    import datetime

    from django.template import engines

    from apps.office.templatetags.review_rows import audit_row

    settings.TIME_ZONE = "Asia/Shanghai"
    event = {"created_at": datetime.datetime(2026, 12, 31, 16, 5, 9, tzinfo=datetime.UTC), "action_label": "查看<附件>", **event}
    expected = engines["django"].from_string(TEMPLATE_ROW).render({"ev": event, "audit_url": "/experts/audit/"})
    assert audit_row(event, "/experts/audit/") == expected
    assert "2027-01-01 00:05:09" in expected and "<script>" not in expected


# The expert page's assignment row as its template wrote it, before the assignment_row filter.
ASSIGNMENT_TEMPLATE_ROW = (
    "{% load scoring %}<tr><td>{{ assignment.project__title }}</td><td>{{ assignment.panel__name }}</td>"
    '<td>{{ assignment.scoring_status|status_tag }}</td><td class="num">{% if assignment.score_url %}'
    '<a href="{{ assignment.score_url }}">{{ assignment.score__total|default:"—" }}</a>{% else %}—{% endif %}</td></tr>'
)


@pytest.mark.parametrize("status", ["submitted", "draft", "recused", "waiting"])
@pytest.mark.parametrize(
    "score",
    [
        {"score_url": None, "score__total": None},
        {"score_url": "/experts/scores/9/", "score__total": None},
        {"score_url": "/experts/scores/9/", "score__total": "0.00"},
        {"score_url": "/experts/scores/9/?a=1&b=<2>", "score__total": "85.50"},
        {"score_url": "/experts/scores/12/", "score__total": "1234.5"},
    ],
)
def test_the_assignment_row_filter_writes_the_template_row(status, score):
    from decimal import Decimal

    from django.template import engines

    from apps.office.templatetags.review_rows import assignment_row
    from apps.review.models import ScoringStatus

    scoring_status = {"submitted": ScoringStatus.SUBMITTED, "draft": ScoringStatus.DRAFT, "recused": ScoringStatus.RECUSED, "waiting": ScoringStatus.WAITING}[status]
    total = None if score["score__total"] is None else Decimal(score["score__total"])
    assignment = {"project__title": "项目<甲>&乙", "panel__name": "第一组 “装备”", "scoring_status": scoring_status, **score, "score__total": total}
    expected = engines["django"].from_string(ASSIGNMENT_TEMPLATE_ROW).render({"assignment": assignment})
    assert assignment_row(assignment) == expected
    assert "<甲>" not in expected
