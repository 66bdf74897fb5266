"""Every save of an application keeps a version; after a return and resubmission the
recommending unit and the commission see what changed since the previous submission."""

from decimal import Decimal

from django.urls import reverse

from apps.projects import versions
from apps.projects.models import Metric, TeamMember
from apps.projects.services import transition
from tests.factories import bring_to


def returned_and_resubmitted(draft, actors):
    bring_to(draft, "returned", actors=actors)
    draft.title = "降低汽车座椅骨架焊接返修率"
    draft.plan_goal = "焊接返修率由4.6%降至1.2%。"
    draft.has_patent = True
    draft.save()
    metric = draft.metrics.get()
    metric.target = Decimal("1.2")
    metric.save()
    TeamMember.objects.create(project=draft, name="王五", role="technical", position="焊接工程师")
    transition(project=draft, name="resubmit", actor=actors["applicant"], comment="已按退回意见修改", commitment=True)
    return draft


def test_every_save_of_an_application_keeps_a_version(draft):
    before = draft.history.count()
    draft.plan_goal = "返修率降至1%。"
    draft.save()
    draft.plan_goal = "返修率降至0.9%。"
    draft.save()
    assert draft.history.count() == before + 2
    assert draft.history.first().plan_goal == "返修率降至0.9%。"
    metric = draft.metrics.get()
    metric.target = Decimal("1.0")
    metric.save()
    assert Metric.history.filter(id=metric.pk).count() == 2


def test_no_comparison_before_a_resubmission(draft, actors):
    bring_to(draft, "submitted", actors=actors)
    assert versions.changes_since_previous_submission(draft) is None


def test_the_changes_since_the_previous_submission_field_by_field(draft, actors):
    project = returned_and_resubmitted(draft, actors)
    changes = {c.label: (c.before, c.after) for c in versions.changes_since_previous_submission(project)["changes"]}
    assert changes["项目名称"] == ("降低焊接返修率", "降低汽车座椅骨架焊接返修率")
    assert changes["有专利"] == ("否", "是")
    assert changes["设定目标（P）"][1] == "焊接返修率由4.6%降至1.2%。"
    assert changes["效益指标"] == ("返修率（%，越低越好）：4.6 → 1.5", "返修率（%，越低越好）：4.6 → 1.2")
    assert changes["项目团队"] == (
        "张三 · 质量负责人 · — · —\n李四 · 项目负责人 · — · —",
        "张三 · 质量负责人 · — · —\n李四 · 项目负责人 · — · —\n王五 · 技术骨干 · 焊接工程师 · —",
    )
    assert "选择课题理由（P）" not in changes  # unchanged fields are not listed


def test_unit_and_commission_see_the_diff_the_applicant_does_not(client, draft, actors, recommender, commission, applicant):
    project = returned_and_resubmitted(draft, actors)
    client.force_login(recommender)
    body = client.get(reverse("recommenders:review", args=[project.pk])).content.decode()
    assert 'id="resubmission-diff"' in body and "降低焊接返修率" in body and "返修率（%，越低越好）：4.6 → 1.2" in body
    client.force_login(commission)
    body = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'id="resubmission-diff"' in body and "王五 · 技术骨干 · 焊接工程师 · —" in body
    client.force_login(applicant)
    assert 'id="resubmission-diff"' not in client.get(reverse("projects:detail", args=[project.pk])).content.decode()
