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
