"""第二十二条 is live: a conflict recorded after assignment withdraws the assignment at once —
the score no longer counts, the material is refused, the recusal is logged, and a replacement
is drawn while the review is open (otherwise the agency is told of the gap). Every source is
tested through the domain first, then the screens."""

import datetime

import pytest
from django.urls import reverse

from apps.review import draw as draws
from apps.review import services
from apps.review.models import PanelDraw, ProposalEntry, ReviewAssignment, ReviewAuditEvent
from apps.review.recusal import normalise_name, recusal_reasons
from apps.organizations.models import Organization
from apps.projects.choices import TeamRole

from .conftest import full_points, sign


def active(project):
    return set(ReviewAssignment.objects.filter(project=project, status="active").values_list("expert_id", flat=True))


@pytest.fixture
def assigned(make_expert, make_project, make_panel, agency, small_campaign):
    """A project reviewed by 3 of a 4-member panel (one spare): (project, panel, [assignments], spare)."""
    experts = [make_expert(f"评审专家{i}", phone=f"1380000000{i}") for i in range(4)]
    project = make_project()
    panel = make_panel(experts)
    services.assign_projects(panel=panel, projects=[project], actor=agency, seed="s")
    chosen = list(ReviewAssignment.objects.filter(project=project).select_related("expert__user", "panel__campaign", "project"))
    spare = next(e for e in experts if e.pk not in {a.expert_id for a in chosen})
    for e in experts:
        sign(e, small_campaign)
    return project, panel, chosen, spare


def assert_withdrawn_and_replaced(a, spare, source_word):
    a.refresh_from_db()
    assert a.status == "recused"
    assert "第二十二条" in a.recusal_reason or "第五条" in a.recusal_reason
    event = ReviewAuditEvent.objects.get(action="auto_recusal", project=a.project, expert=a.expert)
    assert source_word in event.message and ("第二十二条" in event.message or "第五条" in event.message)
    new = ReviewAssignment.objects.get(replaces=a)
    assert new.status == "active" and new.expert == spare
    record = PanelDraw.objects.get(pk=new.draw_id)
    assert record.kind == PanelDraw.Kind.REPLACEMENT and draws.replay(record) == [spare.pk]
    assert a.expert_id not in active(a.project) and spare.pk in active(a.project)


@pytest.mark.django_db
def test_declaration_after_assignment_withdraws_and_replaces(assigned, organization):
    project, panel, chosen, spare = assigned
    a = chosen[0]
    services.declare_conflict(expert=a.expert, organization=organization, reason="配偶在该单位任职", actor=a.expert.user)
    assert_withdrawn_and_replaced(a, spare, "申报利益冲突")


@pytest.mark.django_db
def test_a_submitted_score_of_a_later_conflict_is_excluded(assigned, organization, small_campaign):
    project, panel, chosen, spare = assigned
    # Two experts give 100, one gives 40: mean 80. The 40 is later found conflicted.
    for a, share in zip(chosen, (1.0, 1.0, 0.4)):
        services.save_score(assignment=a, actor=a.expert.user, points=full_points(a, share), comment="评语", submit=True)
    assert ProposalEntry.objects.get(project=project).score == 80
    services.declare_conflict(expert=chosen[2].expert, organization=organization, reason="近3年合作", actor=chosen[2].expert.user)
    # The replacement has not scored yet: the project has no result until it does.
    assert not ProposalEntry.objects.filter(project=project).exists()
    new = ReviewAssignment.objects.select_related("expert__user", "panel__campaign", "project").get(replaces=chosen[2])
    services.save_score(assignment=new, actor=new.expert.user, points=full_points(new, 0.9), comment="评语", submit=True)
    # (100 + 100 + 90) / 3 = 96.667: the withdrawn 40 is not counted.
    assert str(ProposalEntry.objects.get(project=project).score) == "96.667"


@pytest.mark.django_db
def test_withdrawn_expert_can_no_longer_open_the_material_or_score(client, assigned, organization):
    from django.core.files.base import ContentFile

    project, panel, chosen, spare = assigned
    a = chosen[0]
    att = project.attachments.first()
    if att is None:
        att = project.attachments.create(kind="other", original_name="x.pdf", file=ContentFile(b"%PDF-1.4", name="x.pdf"))
    client.force_login(a.expert.user)
    assert client.get(reverse("experts:review", args=[a.pk])).status_code == 200
    services.declare_conflict(expert=a.expert, organization=organization, reason="亲属任职", actor=a.expert.user)
    r = client.get(reverse("experts:review", args=[a.pk]))
    assert r.status_code == 302
    assert client.get(reverse("experts:attachment", args=[a.pk, att.pk])).status_code == 404
    with pytest.raises(services.ReviewRefused, match="第二十二条"):
        services.save_score(assignment=a, actor=a.expert.user, points=full_points(a), submit=True)


@pytest.mark.django_db
def test_declaring_on_the_screen_withdraws_at_once(client, assigned, organization):
    project, panel, chosen, spare = assigned
    a = chosen[1]
    client.force_login(a.expert.user)
    client.post(reverse("experts:conflicts"), {"organization": organization.pk, "reason": "曾在该单位任职"})
    a.refresh_from_db()
    assert a.status == "recused"
    assert spare.pk in active(project)


@pytest.mark.django_db
def test_tracking_visit_naming_the_expert_withdraws(assigned, recommender):
    from apps.training import services as training

    project, panel, chosen, spare = assigned
    a = chosen[0]
    training.record_visit(
        project=project,
        actor=recommender,
        visited_on=datetime.date.today(),
        form="on_site",
        findings="进度正常",
        guidance="加强数据分析",
        participants=f"高科长、{a.expert.name}（专家）",
    )
    assert_withdrawn_and_replaced(a, spare, "跟踪服务")


@pytest.mark.django_db
def test_tracking_visit_naming_someone_else_withdraws_nobody(assigned, recommender):
    from apps.training import services as training

    project, panel, chosen, spare = assigned
    before = active(project)
    training.record_visit(
        project=project, actor=recommender, visited_on=datetime.date.today(), form="remote",
        findings="进度正常", guidance="按计划推进", participants="高科长、李工程师",
    )
    assert active(project) == before
    assert not ReviewAssignment.objects.filter(project=project, status="recused").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["suspended", "retired"])
def test_suspension_or_retirement_withdraws(assigned, agency, status):
    project, panel, chosen, spare = assigned
    a = chosen[2]
    services.set_expert_status(expert=a.expert, status=status, actor=agency, reason="违反评审纪律")
    assert_withdrawn_and_replaced(a, spare, "专家")
    a.refresh_from_db()
    assert "第五条(三)" in a.recusal_reason


@pytest.mark.django_db
def test_employer_change_matching_the_applicant_by_normalised_name(assigned, agency, organization):
    project, panel, chosen, spare = assigned
    organization.name = "天津滨海精密制造厂"
    organization.save()
    a = chosen[0]
    services.update_expert(expert=a.expert, actor=agency, employer_name="天津滨海精密制造厂有限公司质量部")
    assert_withdrawn_and_replaced(a, spare, "专家信息变更")


@pytest.mark.django_db
def test_team_member_added_with_the_experts_name_and_phone(assigned):
    project, panel, chosen, spare = assigned
    a, b = chosen[0], chosen[1]
    # A namesake of b with another phone number is another person: b stays.
    project.team_members.create(name=b.expert.name, role=TeamRole.TECHNICAL, phone="139 2222 3333")
    # a's name and phone: a is withdrawn.
    project.team_members.create(name=a.expert.name, role=TeamRole.TECHNICAL, phone=a.expert.phone)
    b.refresh_from_db()
    assert b.status == "active"
    assert_withdrawn_and_replaced(a, spare, "团队成员")


@pytest.mark.django_db
def test_after_the_panel_closed_the_gap_is_flagged_to_the_agency(assigned, agency, organization, django_capture_on_commit_callbacks):
    project, panel, chosen, spare = assigned
    for a in chosen:
        services.save_score(assignment=a, actor=a.expert.user, points=full_points(a, 0.9), comment="评语", submit=True)
    services.close_review(campaign=panel.campaign, actor=agency)
    a = chosen[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.declare_conflict(expert=a.expert, organization=organization, reason="事后发现亲属任职", actor=a.expert.user)
    a.refresh_from_db()
    assert a.status == "recused"
    assert not ReviewAssignment.objects.filter(replaces=a).exists()
    failed = ReviewAuditEvent.objects.get(action="replacement_failed", project=project)
    assert "第二十二条" in failed.message and "评审已结束" in failed.message
    note = agency.notifications.get(title__startswith="评审缺额待处理")
    assert a.expert.name in note.body and "第二十二条" in note.body
    from apps.review.selectors import recusal_gaps

    assert [g.pk for g in recusal_gaps(panel.campaign)] == [a.pk]


@pytest.mark.django_db
def test_nobody_left_to_draw_flags_the_gap(make_expert, make_project, make_panel, agency, organization, django_capture_on_commit_callbacks):
    experts = [make_expert() for _ in range(3)]
    project = make_project()
    panel = make_panel(experts)
    services.assign_projects(panel=panel, projects=[project], actor=agency)
    a = ReviewAssignment.objects.filter(project=project).select_related("expert__user").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.declare_conflict(expert=a.expert, organization=organization, reason="亲属任职", actor=a.expert.user)
    a.refresh_from_db()
    assert a.status == "recused"
    assert agency.notifications.filter(title__startswith="评审缺额待处理").count() == 1
    from apps.review.selectors import recusal_gaps

    assert [g.pk for g in recusal_gaps(panel.campaign)] == [a.pk]
    # The agency tops up: the gap is closed.
    make_expert("新增专家")
    services.top_up(panel=panel, project=project, actor=agency)
    assert list(recusal_gaps(panel.campaign)) == []


@pytest.mark.django_db
def test_group_membership_recorded_later_withdraws(assigned, group_unit, organization, agency):
    project, panel, chosen, spare = assigned
    sister = Organization.objects.create(name="天津集团姊妹企业有限公司", credit_code="91120116MA05XXXX1A", district="binhai", industry="equipment")
    a = chosen[1]
    services.update_expert(expert=a.expert, actor=agency, employer_name=sister.name)
    a.refresh_from_db()
    assert a.status == "active"  # not yet in the same group
    group_unit.member_organizations.add(organization, sister)
    a.refresh_from_db()
    assert a.status == "recused" and "工业集团" in a.recusal_reason


# ---- matching rules: the conflicted are found, the unrelated are NOT -------------------------


def test_employer_names_normalised():
    assert normalise_name("天津滨海精密制造厂") == normalise_name("天津滨海精密制造厂有限公司质量部") == "天津滨海精密制造厂"
    assert normalise_name("天津滨海精密制造有限责任公司") == "天津滨海精密制造"
    assert normalise_name("ＡＢＣ精密 股份有限公司") == "abc精密"
    assert normalise_name("中国某某集团有限公司天津分公司") == "中国某某"
    assert normalise_name("天津渤海装备（集团）") == "天津渤海装备"
    assert normalise_name("天津滨海精密仪器厂") == "天津滨海精密仪器厂"
    assert normalise_name("天津滨海精密仪器厂") != normalise_name("天津滨海精密制造厂")


@pytest.mark.django_db
def test_an_expert_with_another_organisations_credit_code_is_not_recused(make_expert, make_project, other_org):
    project = make_project()
    expert = make_expert("外单位", employer_name=other_org.name, employer_credit_code=other_org.credit_code)
    assert recusal_reasons(expert, project) == []
    same = make_expert("同单位", employer_name="随便写的名称", employer_credit_code=project.organization.credit_code)
    assert recusal_reasons(same, project) == [f"本人工作单位即申报组织“{project.organization.name}”（第二十二条）"]


@pytest.mark.django_db
def test_an_expert_with_a_similar_but_different_employer_name_is_not_recused(make_expert, make_project, organization):
    organization.name = "天津滨海精密制造厂"
    organization.save()
    project = make_project()
    assert recusal_reasons(make_expert("仪器厂", employer_name="天津滨海精密仪器厂有限公司"), project) == []
    assert recusal_reasons(make_expert("本厂", employer_name="天津滨海精密制造厂有限公司质量部"), project) == [
        "本人工作单位即申报组织“天津滨海精密制造厂”（第二十二条）"
    ]


@pytest.mark.django_db
def test_a_registered_employer_outside_the_applicants_group_is_not_recused(make_expert, make_project, group_unit, other_org, organization):
    from tests.factories import OrganizationFactory, RecommenderFactory

    from apps.recommenders.models import RecommenderKind

    # The applicant is in group_unit; other_org is in a different group; a third org in none.
    group_unit.member_organizations.add(organization)
    other_group = RecommenderFactory(name="天津另一工业集团", kind=RecommenderKind.INDUSTRIAL_GROUP)
    other_group.member_organizations.add(other_org)
    loner = OrganizationFactory(name="天津独立企业有限公司")
    project = make_project()
    in_other_group = make_expert("他集团", employer_name=other_org.name, employer_credit_code=other_org.credit_code)
    in_no_group = make_expert("无集团", employer_name=loner.name, employer_credit_code=loner.credit_code)
    assert recusal_reasons(in_other_group, project) == []
    assert recusal_reasons(in_no_group, project) == []
    # A member of the applicant's own group is recused.
    sister = OrganizationFactory(name="天津同集团企业有限公司")
    group_unit.member_organizations.add(sister)
    same_group = make_expert("同集团", employer_name=sister.name, employer_credit_code=sister.credit_code)
    assert recusal_reasons(same_group, project) == ["工作单位与申报组织同属工业集团“天津测试工业集团有限公司”（第二十二条）"]


@pytest.mark.django_db
def test_team_rule_name_and_phone(make_expert, make_project):
    project = make_project(team=("张伟",))
    project.team_members.create(name="李娜", role=TeamRole.TECHNICAL, phone="13912345678")
    team_reason = ["本人列于该项目团队成员名单（第二十二条）"]
    # The name alone when the team member has no phone.
    assert recusal_reasons(make_expert("张伟", phone="13800001111"), project) == team_reason
    assert recusal_reasons(make_expert("张 伟"), project) == team_reason
    # Name and phone both given: the phone must match (+86 and spaces ignored).
    assert recusal_reasons(make_expert("李娜", phone="+86 139 1234 5678"), project) == team_reason
    assert recusal_reasons(make_expert("李娜", phone="13900000000"), project) == []
    # The expert has no phone: the name decides.
    assert recusal_reasons(make_expert("李娜"), project) == team_reason
    # Another name is not on the team.
    assert recusal_reasons(make_expert("王芳", phone="13912345678"), project) == []


@pytest.mark.django_db
def test_a_conflict_declared_with_another_organisation_does_not_recuse(make_expert, make_project, other_org):
    project = make_project()
    expert = make_expert("申报他单位")
    services.declare_conflict(expert=expert, organization=other_org, reason="亲属任职", actor=expert.user)
    assert recusal_reasons(expert, project) == []


@pytest.mark.django_db
def test_an_unrelated_expert_is_never_recused(make_expert, make_project, group_unit, organization, other_org):
    group_unit.member_organizations.add(organization)
    project = make_project(team=("张伟",), recommender=group_unit)
    assert recusal_reasons(make_expert("无关", employer_name="南开大学", employer_credit_code=other_org.credit_code), project) == []


@pytest.mark.django_db
def test_the_panel_page_shows_the_gap_to_the_agency(client, make_expert, make_project, make_panel, agency, organization):
    experts = [make_expert() for _ in range(3)]
    project = make_project()
    panel = make_panel(experts)
    services.assign_projects(panel=panel, projects=[project], actor=agency)
    client.force_login(agency)
    assert "评审缺额待处理" not in client.get(reverse("experts:panel_detail", args=[panel.pk])).content.decode()
    a = ReviewAssignment.objects.filter(project=project).select_related("expert__user").first()
    services.declare_conflict(expert=a.expert, organization=organization, reason="亲属任职", actor=a.expert.user)
    body = client.get(reverse("experts:panel_detail", args=[panel.pk])).content.decode()
    assert "评审缺额待处理（第二十二条，1处）" in body and a.expert.name in body and "已申报利益冲突：亲属任职" in body
