"""第二十二条: automatic recusal before assignment, recusal from the review screen with a
replacement drawn under the same rules, and a clear refusal when too few remain."""

import datetime

import pytest

from apps.review import draw as draws
from apps.review import services
from apps.review.models import PanelDraw, ReviewAssignment, ReviewAuditEvent
from apps.review.recusal import normalise_name, recusal_reasons
from apps.projects.states import State

from .conftest import sign


def assigned_experts(project):
    return set(ReviewAssignment.objects.filter(project=project, status="active").values_list("expert_id", flat=True))


@pytest.fixture
def three_clean(make_expert):
    return [make_expert(f"无关专家{i}") for i in range(3)]


def conflict_cases(organization, other_org, group_unit, make_expert, make_project):
    """Each kind of conflict: (label, conflicted expert, project)."""
    cases = []
    # 1. The employer, by credit code.
    cases.append(("employer_code", make_expert("单位同码", employer_name="别名", employer_credit_code=organization.credit_code), None))
    # 2. The employer, by name once legal-form words are stripped.
    stripped = organization.name.replace("有限公司", "集团股份有限公司")
    cases.append(("employer_name", make_expert("单位同名", employer_name=stripped), None))
    # 3. The same 工业集团: the group lists both the applicant and the expert's employer.
    group_unit.member_organizations.add(organization, other_org)
    cases.append(("same_group", make_expert("同集团", employer_name=other_org.name, employer_credit_code=other_org.credit_code), None))
    # 4. On the project's team.
    cases.append(("team", make_expert("王团队"), None))
    # 5. A declared conflict.
    declared = make_expert("已申报")
    services.declare_conflict(expert=declared, organization=organization, reason="近3年曾在该单位任职", actor=declared.user)
    cases.append(("declared", declared, None))
    project = make_project(team=("王团队",))
    return [(label, expert, project) for label, expert, _ in cases]


@pytest.mark.django_db
def test_each_conflict_kind_keeps_the_expert_off(organization, other_org, group_unit, make_expert, make_project, make_panel, three_clean, agency):
    cases = conflict_cases(organization, other_org, group_unit, make_expert, make_project)
    project = cases[0][2]
    conflicted = [e for _, e, _ in cases]
    panel = make_panel(conflicted + three_clean)
    assigned, refused = services.assign_projects(panel=panel, projects=[project], actor=agency)
    assert refused == {}
    assert assigned_experts(project) == {e.pk for e in three_clean}
    record = PanelDraw.objects.get(kind=PanelDraw.Kind.ASSIGNMENT, project=project)
    for label, expert, _ in cases:
        reasons = record.excluded[str(expert.pk)]
        assert reasons and all("第二十二条" in r for r in reasons), label
    assert ReviewAuditEvent.objects.filter(action="auto_recusal", project=project).count() == len(cases)
    project.refresh_from_db()
    assert project.state == State.UNDER_REVIEW


@pytest.mark.django_db
def test_replacement_draw_never_picks_a_conflicted_expert(organization, other_org, group_unit, make_expert, make_project, make_panel, three_clean, agency, small_campaign):
    cases = conflict_cases(organization, other_org, group_unit, make_expert, make_project)
    project = cases[0][2]
    spare = make_expert("备用专家")
    panel = make_panel([e for _, e, _ in cases] + three_clean + [spare])
    services.assign_projects(panel=panel, projects=[project], actor=agency, seed="fixed")
    first = ReviewAssignment.objects.filter(project=project, status="active").order_by("pk").first()
    sign(first.expert, small_campaign)
    replacement = services.recuse(assignment=first, actor=first.expert.user, reason="曾参与该项目咨询")
    candidates = {e.pk for e in three_clean + [spare]} - {first.expert_id}
    assert replacement is not None and replacement.expert_id in candidates
    assert replacement.replaces_id == first.pk
    # Recuse again and again: only conflicted experts are left → nobody is drawn.
    while True:
        current = ReviewAssignment.objects.filter(project=project, status="active").exclude(expert__in=[e for _, e, _ in cases]).first()
        nxt = services.recuse(assignment=current, actor=agency, reason="回避")
        if nxt is None:
            break
        assert nxt.expert_id not in {e.pk for _, e, _ in cases}
    conflicted_ids = {e.pk for _, e, _ in cases}
    assert not (set(ReviewAssignment.objects.filter(project=project).values_list("expert_id", flat=True)) & conflicted_ids)
    failed = ReviewAuditEvent.objects.get(action="replacement_failed", project=project)
    assert "第二十二条" in failed.message
    assert ReviewAuditEvent.objects.filter(action="recused", project=project).count() >= 2
    assert ReviewAuditEvent.objects.filter(action="replaced", project=project).count() >= 1


@pytest.mark.django_db
def test_replacement_is_drawn_from_the_pool_when_the_panel_is_exhausted(make_expert, make_project, make_panel, agency, organization):
    members = [make_expert(f"组员{i}") for i in range(3)]
    outsider_conflicted = make_expert("库内冲突", employer_credit_code=organization.credit_code, employer_name="x")
    outsider = make_expert("库内专家")
    project = make_project()
    panel = make_panel(members)
    services.assign_projects(panel=panel, projects=[project], actor=agency)
    a = ReviewAssignment.objects.filter(project=project).first()
    new = services.recuse(assignment=a, actor=agency, reason="亲属在该单位任职")
    assert new.expert == outsider
    assert panel.members.filter(expert=outsider).exists()
    assert not panel.members.filter(expert=outsider_conflicted).exists()


@pytest.mark.django_db
def test_tracking_guidance_keeps_the_expert_off(make_expert, make_project, recommender):
    training = pytest.importorskip("apps.training.models")
    expert = make_expert("跟踪专家")
    other = make_expert("另一专家")
    project = make_project()
    training.TrackingVisit.objects.create(
        project=project, recommender=project.recommender, visited_on=datetime.date.today(),
        participants="高科长、跟踪专家", findings="进度正常", guidance="加强数据分析", recorded_by=recommender,
    )
    assert any("第十三条" in r for r in recusal_reasons(expert, project))
    assert recusal_reasons(other, project) == []
    # The user who recorded the visit is covered too.
    visitor = make_expert("记录人", employer_name="推荐单位")
    training.TrackingVisit.objects.create(
        project=project, recommender=project.recommender, visited_on=datetime.date.today(),
        findings="…", guidance="…", recorded_by=visitor.user,
    )
    assert recusal_reasons(visitor, project)


@pytest.mark.django_db
def test_group_recommender_the_employer_belongs_to(make_expert, make_project, group_unit, other_org, organization):
    group_unit.member_organizations.add(other_org)
    expert = make_expert("集团成员企业专家", employer_name=other_org.name)
    head_office = make_expert("集团总部专家", employer_name="天津测试工业集团")
    group_unit.member_organizations.add(organization)  # 第六条: the group recommends its own member
    project = make_project(recommender=group_unit)
    assert any("工业集团" in r for r in recusal_reasons(expert, project))
    assert any("工业集团" in r for r in recusal_reasons(head_office, project))


@pytest.mark.django_db
def test_too_few_unconflicted_experts_says_so(organization, make_expert, make_project, make_panel, agency):
    members = [make_expert("本单位", employer_credit_code=organization.credit_code, employer_name="x"), make_expert(), make_expert()]
    project = make_project()
    panel = make_panel(members)
    assigned, refused = services.assign_projects(panel=panel, projects=[project], actor=agency)
    assert assigned == []
    message = refused[project]
    assert "第二十二条" in message and "仅2人" in message and "不足3人" in message
    project.refresh_from_db()
    assert project.state == State.RESULTS_RECOMMENDED
    assert not ReviewAssignment.objects.filter(project=project).exists()


@pytest.mark.django_db
def test_inactive_experts_are_never_drawn(make_expert, make_project, make_panel, agency):
    members = [make_expert() for _ in range(4)]
    services.set_expert_status(expert=members[0], status="suspended", actor=agency, reason="暂停")
    project = make_project()
    panel = make_panel(members)
    services.assign_projects(panel=panel, projects=[project], actor=agency)
    assert members[0].pk not in assigned_experts(project)


@pytest.mark.django_db
def test_load_is_balanced_and_draws_are_reproducible(make_expert, make_project, make_panel, agency):
    members = [make_expert() for _ in range(6)]
    projects = [make_project() for _ in range(4)]
    panel = make_panel(members)
    services.assign_projects(panel=panel, projects=projects, actor=agency)
    loads = [ReviewAssignment.objects.filter(expert=e).count() for e in members]
    assert sum(loads) == 12 and max(loads) - min(loads) <= 1
    for record in PanelDraw.objects.filter(panel=panel):
        assert draws.replay(record) == record.result


def test_seeded_draw_is_deterministic():
    candidates = [{"id": i, "load": 0} for i in range(1, 20)]
    assert draws.draw("abc", candidates, 5) == draws.draw("abc", list(reversed(candidates)), 5)
    assert draws.draw("abc", candidates, 5) != draws.draw("abd", candidates, 5)
    loaded = [{"id": 1, "load": 3}, {"id": 2, "load": 0}, {"id": 3, "load": 1}]
    assert draws.draw("x", loaded, 2) == [2, 3]


def test_names_compare_without_legal_form_words():
    assert normalise_name("天津滨海精密制造有限公司") == normalise_name("天津滨海精密制造股份有限公司")
    assert normalise_name("天津渤海装备集团有限公司") == normalise_name("天津渤海装备（集团）")
    assert normalise_name("天津大学") != normalise_name("南开大学")


@pytest.mark.django_db
def test_panel_formation_is_a_recorded_random_draw(make_expert, small_campaign, agency):
    for _ in range(5):
        make_expert()
    panel = services.form_panel(campaign=small_campaign, name="装备组", specialty="equipment", size=3, actor=agency, seed="s1")
    record = panel.draws.get()
    assert record.seed == "s1" and record.operator == agency and len(record.candidates) == 5
    assert sorted(panel.members.values_list("expert_id", flat=True)) == sorted(record.result)
    assert draws.replay(record) == record.result
    with pytest.raises(services.ReviewRefused, match="仅5人"):
        services.form_panel(campaign=small_campaign, name="太大", specialty="equipment", size=9, actor=agency)


@pytest.mark.django_db
def test_expert_assigned_is_sent_after_commit(make_expert, make_project, make_panel, agency, django_capture_on_commit_callbacks):
    from apps.review.signals import expert_assigned

    received = []

    def listener(sender, assignment, expert_user, project, **kw):
        received.append((assignment.pk, expert_user.pk, project.pk))

    expert_assigned.connect(listener)
    try:
        experts = [make_expert() for _ in range(3)]
        project = make_project()
        with django_capture_on_commit_callbacks(execute=True):
            services.assign_projects(panel=make_panel(experts), projects=[project], actor=agency)
    finally:
        expert_assigned.disconnect(listener)
    assert sorted(r[1] for r in received) == sorted(e.user_id for e in experts)
    assert {r[2] for r in received} == {project.pk}


@pytest.mark.django_db
def test_agency_tops_up_after_a_failed_replacement(client, make_expert, make_project, make_panel, agency, organization):
    from django.urls import reverse

    members = [make_expert() for _ in range(3)]
    project = make_project()
    panel = make_panel(members)
    services.assign_projects(panel=panel, projects=[project], actor=agency)
    a = ReviewAssignment.objects.filter(project=project).first()
    client.force_login(agency)
    client.post(reverse("experts:assignment_recuse", args=[a.pk]), {"reason": "电话告知：亲属在该单位任职"})
    a.refresh_from_db()
    assert a.status == "recused" and not hasattr(a, "replaced_by")
    assert ReviewAuditEvent.objects.filter(action="replacement_failed", project=project).exists()
    # Nobody to draw: the top-up says so, naming 第二十二条.
    r = client.post(reverse("experts:project_top_up", args=[panel.pk, project.pk]), follow=True)
    assert "第二十二条" in r.content.decode()
    # The agency adds a conflicted and a clean expert; the top-up takes only the clean one.
    make_expert("同单位", employer_credit_code=organization.credit_code, employer_name="x")
    clean = make_expert("新专家")
    client.post(reverse("experts:project_top_up", args=[panel.pk, project.pk]))
    assert assigned_experts(project) == {m.pk for m in members if m.pk != a.expert_id} | {clean.pk}
    new = ReviewAssignment.objects.get(project=project, expert=clean)
    assert new.replaces == a


@pytest.mark.django_db
def test_agency_recusal_of_a_submitted_score_says_to_return_it_first(client, make_expert, make_project, make_panel, agency, small_campaign):
    from django.urls import reverse

    from .conftest import full_points

    members = [make_expert() for _ in range(4)]
    project = make_project()
    services.assign_projects(panel=make_panel(members), projects=[project], actor=agency)
    a = ReviewAssignment.objects.filter(project=project).select_related("expert__user", "panel__campaign", "project").first()
    sign(a.expert, small_campaign)
    services.save_score(assignment=a, actor=a.expert.user, points=full_points(a), submit=True)
    client.force_login(agency)
    r = client.post(reverse("experts:assignment_recuse", args=[a.pk]), {"reason": "配偶在该单位任职"}, follow=True)
    body = r.content.decode()
    # Not "请联系第三方机构", which is what the agency itself is.
    assert "请先在评分表中退回该评分" in body and "请联系第三方机构" not in body
    a.refresh_from_db()
    assert a.is_active


@pytest.mark.django_db
def test_agency_recusal_notifies_the_expert_in_site_and_by_mail(client, make_expert, make_project, make_panel, agency, django_capture_on_commit_callbacks):
    from django.core import mail
    from django.urls import reverse

    members = [make_expert(email=f"zj{i}@example.com") for i in range(4)]
    project = make_project()
    services.assign_projects(panel=make_panel(members), projects=[project], actor=agency)
    a, own = ReviewAssignment.objects.filter(project=project, status="active").select_related("expert__user")[:2]
    mail.outbox.clear()
    client.force_login(agency)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("experts:assignment_recuse", args=[a.pk]), {"reason": "电话告知：亲属在该单位任职"})
    note = a.expert.user.notifications.get(title__startswith="已代为回避")
    assert "电话告知：亲属在该单位任职" in note.body and "第二十二条" in note.body and note.project == project
    assert [m.to for m in mail.outbox if m.subject.endswith(note.title)] == [[a.expert.user.email]]
    # An expert who recuses themself is not told what they just did.
    with django_capture_on_commit_callbacks(execute=True):
        services.recuse(assignment=own, actor=own.expert.user, reason="近3年曾在该单位任职")
    assert not own.expert.user.notifications.filter(title__startswith="已代为回避").exists()
