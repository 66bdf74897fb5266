"""Decision data is read-only in admin (issue: the admin changed a criterion to 999 of 15, an
objection's outcome, and deleted a ban and a revocation without a trace). Scores, proposal and
award-list entries, bans, revocations, objections, the review audit and the transition log:
no add, change or delete in admin; each page names the screen that changes them."""

import pytest
from django.urls import reverse

from apps.review import services
from apps.review.models import CriterionScore, ProposalEntry, ReviewAssignment, Score

from .conftest import full_points, sign

READ_ONLY = [
    ("experts", "score", "评分表页面"),
    ("experts", "criterionscore", "评审页面"),
    ("experts", "proposalentry", "评审结果"),
    ("experts", "bestorganizationentry", "评审结果"),
    ("experts", "reviewassignment", "评审组页面"),
    ("experts", "reviewauditevent", "审计记录"),
    ("experts", "paneldraw", "评审组页面"),
    ("experts", "conflict", "利益冲突申报"),
    ("awards", "listentry", "获奖名单管理"),
    ("awards", "awardlist", "获奖名单管理"),
    ("awards", "bestorganizationaward", "获奖名单管理"),
    ("awards", "objection", "异议处理"),
    ("awards", "revocation", "撤销奖励"),
    ("organizations", "organizationban", "撤销奖励"),
    ("projects", "projecttransition", "项目页面"),
]


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="root", password="pass-1234", email="root@example.com")
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("app,model,screen", READ_ONLY)
def test_no_add_and_a_note_naming_the_screen(admin_client, app, model, screen):
    page = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "只读（决策数据不在后台修改）" in body and screen in body
    assert reverse(f"admin:{app}_{model}_add") not in body
    assert admin_client.get(reverse(f"admin:{app}_{model}_add")).status_code == 403


@pytest.fixture
def submitted(make_expert, make_project, make_panel, agency, small_campaign):
    experts = [make_expert() for _ in range(3)]
    project = make_project()
    services.assign_projects(panel=make_panel(experts), projects=[project], actor=agency)
    for a in ReviewAssignment.objects.filter(project=project).select_related("expert__user", "panel__campaign", "project"):
        sign(a.expert, small_campaign)
        services.save_score(assignment=a, actor=a.expert.user, points=full_points(a, 0.8), comment="评语", submit=True)
    return project


@pytest.mark.django_db
def test_a_submitted_score_cannot_be_changed_or_deleted_in_admin(admin_client, submitted):
    score = Score.objects.filter(assignment__project=submitted).first()
    item = score.items.first()
    page = admin_client.get(reverse("admin:experts_score_change", args=[score.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    r = admin_client.post(reverse("admin:experts_criterionscore_change", args=[item.pk]), {"points": "999", "score": score.pk, "criterion": item.criterion_id})
    assert r.status_code == 403
    assert admin_client.post(reverse("admin:experts_score_delete", args=[score.pk]), {"post": "yes"}).status_code == 403
    item.refresh_from_db()
    assert item.points != 999 and CriterionScore.objects.filter(pk=item.pk).exists()
    entry = ProposalEntry.objects.get(project=submitted)
    r = admin_client.post(reverse("admin:experts_proposalentry_change", args=[entry.pk]), {"proposed_level": "first"})
    assert r.status_code == 403
    r = admin_client.post(
        reverse("admin:experts_proposalentry_changelist"), {"action": "delete_selected", "_selected_action": [entry.pk]}
    )
    assert ProposalEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_the_expert_admin_cannot_change_status_or_employer(admin_client, make_expert):
    expert = make_expert("后台专家")
    page = admin_client.get(reverse("admin:experts_expert_change", args=[expert.pk])).content.decode()
    assert 'name="status"' not in page and 'name="employer_credit_code"' not in page
