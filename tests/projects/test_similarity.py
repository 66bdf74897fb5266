"""第七条(四): the duplicate check finds a near-copy of an earlier project and not an unrelated one."""

import time

import pytest

from apps.projects import similarity
from apps.projects.demo import TOPICS, application_text
from apps.projects.models import ProjectFingerprint
from apps.projects.services import transition
from apps.accounts.roles import Role
from tests.factories import CampaignFactory, OrganizationFactory, make_user, ready_application

UNRELATED = {
    "plan_reason": "营业厅排队时间长，群众办事体验差，投诉量逐年上升。",
    "plan_current_state": "抽样统计三个营业厅的叫号数据，高峰时段平均等候四十分钟。",
    "plan_goal": "将高峰时段平均等候时间缩短到十五分钟以内。",
    "plan_cause_analysis": "窗口设置不合理，预约渠道使用率低，材料一次告知不到位。",
    "plan_countermeasures": "推行线上预约、弹性窗口和材料清单告知。",
    "do_implementation": "分批改造叫号系统，培训窗口人员，上线小程序预约。",
    "check_method": "对比改造前后叫号系统的等候时长与满意度调查结果。",
    "act_standardisation": "形成营业厅服务规范并纳入绩效考核。",
    "act_summary": "经验推广至全市营业网点。",
}


@pytest.fixture
def earlier_campaign(db, campaign):
    return CampaignFactory(year=campaign.year - 1)


def _submitted(project, applicant):
    transition(project=project, name="submit", actor=applicant)
    similarity.check_on_submit(project)
    return project


def _other_org_project(campaign, title, **text):
    org = OrganizationFactory()
    user = make_user(Role.APPLICANT, organization=org)
    return ready_application(campaign=campaign, organization=org, created_by=user, title=title, **text)


def _earlier(campaign, title, **text):
    p = _other_org_project(campaign, title, **text)
    similarity.store_fingerprint(p)
    return p


def _reworded(text):
    # A light rewording: the same passages, a few words changed, one sentence appended.
    return {k: v.replace("通过本次攻关", "经过攻关").replace("统计", "汇总") + "并持续改进。" for k, v in text.items()}


def test_near_copy_of_earlier_project_is_found_and_unrelated_is_not(earlier_campaign, campaign, applicant, organization, recommender_unit):
    topic, symptom = TOPICS[0][0], TOPICS[0][1]
    copy_source = _earlier(earlier_campaign, topic, **application_text(topic, symptom))
    unrelated = _earlier(earlier_campaign, "缩短营业厅群众办事等候时间", **UNRELATED)
    # Earlier projects written on the same template about other problems (the boilerplate
    # every application shares must not make them look alike).
    others = [_earlier(earlier_campaign, t[0], **application_text(t[0], t[1])) for t in TOPICS[1:]]

    project = ready_application(
        campaign=campaign,
        organization=organization,
        recommender=recommender_unit,
        created_by=applicant,
        title="降低精密轴承套圈磨削烧伤的不合格率",
        **_reworded(application_text(topic, symptom)),
    )
    matches = similarity.find_similar(project)
    scores = {m.project.pk: m.score for m in matches}
    assert matches[0].project == copy_source
    assert matches[0].score >= similarity.WARNING_THRESHOLD
    assert scores.get(unrelated.pk, 0) < 0.1
    # A project built on the same template but about another problem stays below the warning.
    assert all(scores.get(p.pk, 0) < similarity.WARNING_THRESHOLD for p in others)
    assert all(0 <= m.score <= 1 for m in matches)


def test_submission_is_warned_and_the_warning_is_kept(earlier_campaign, campaign, applicant, organization, recommender_unit):
    topic, symptom = TOPICS[2][0], TOPICS[2][1]
    source = _earlier(earlier_campaign, topic, **application_text(topic, symptom))
    _earlier(earlier_campaign, "缩短营业厅群众办事等候时间", **UNRELATED)
    project = ready_application(
        campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant,
        title=topic, **application_text(topic, symptom),
    )
    transition(project=project, name="submit", actor=applicant)
    warnings = similarity.check_on_submit(project)
    assert project.state == "submitted"  # the submission still goes through
    assert [m["project"] for m in warnings] == [source.pk]
    fp = ProjectFingerprint.objects.get(project=project)
    assert fp.max_score >= similarity.WARNING_THRESHOLD
    assert similarity.stored_warnings(fp)[0]["project"] == source.pk


def test_excludes_itself_later_years_and_same_year_drafts(earlier_campaign, campaign, applicant, organization, recommender_unit):
    topic, symptom = TOPICS[3][0], TOPICS[3][1]
    old = _earlier(earlier_campaign, topic, **application_text(topic, symptom))
    # The same year: a draft (excluded) and a submitted project (included).
    same_year_draft = _other_org_project(campaign, topic, **application_text(topic, symptom))
    similarity.store_fingerprint(same_year_draft)
    sibling = _other_org_project(campaign, topic, **application_text(topic, symptom))
    _submitted(sibling, sibling.created_by)
    found = {m.project for m in similarity.find_similar(old)}
    assert sibling not in found and same_year_draft not in found  # later years are not "earlier"
    project = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant, title=topic, **application_text(topic, symptom))
    found = [m.project for m in similarity.find_similar(project)]
    assert project not in found
    assert same_year_draft not in found
    assert old in found and sibling in found


def test_index_picks_up_new_and_changed_fingerprints(earlier_campaign, campaign, organization):
    topic, symptom = TOPICS[4][0], TOPICS[4][1]
    query = _other_org_project(campaign, topic, **application_text(topic, symptom))
    assert similarity.find_similar(query) == []
    first = _earlier(earlier_campaign, topic, **application_text(topic, symptom))
    assert [m.project for m in similarity.find_similar(query)] == [first]
    # The earlier project's text changes completely: it no longer matches.
    for field, value in UNRELATED.items():
        setattr(first, field, value)
    first.title = "缩短营业厅群众办事等候时间"
    first.save()
    similarity.store_fingerprint(first)
    assert all(m.score < 0.2 for m in similarity.find_similar(query))


def test_highlight_shared_marks_common_passages_and_escapes_html():
    a, b = similarity.highlight_shared("<b>运用鱼骨图分析主要原因</b>，并制定对策。", "我们运用鱼骨图分析主要原因后实施。")
    assert "<mark>运用鱼骨图分析主要原因</mark>" in a
    assert "<mark>运用鱼骨图分析主要原因</mark>" in b
    assert "&lt;b&gt;" in a and "<b>" not in a
    assert "制定对策" in a and "<mark>，并制定对策" not in a


def test_comparable_text_contains_title_and_pdca(draft):
    text = similarity.comparable_text(draft)
    assert draft.title in text and draft.plan_goal in text and draft.act_summary in text


def test_query_is_fast_with_many_fingerprints(earlier_campaign, campaign, organization):
    """A smoke check of the index path with a few hundred rows (the timing is the benchmark's)."""
    rows = []
    base = application_text(TOPICS[6][0], TOPICS[6][1])
    for i in range(300):
        ids, counts = similarity.features(f"项目{i}" + "".join(base.values()) + f"编号{i * 7919}")
        rows.append((i, ids, counts))
    index = similarity.SimilarityIndex()
    index._rebuild([(i, 2020, ids, counts) for i, ids, counts in rows])
    ids, counts = similarity.features("".join(base.values()))
    start = time.perf_counter()
    result = index.query(ids, counts, limit=5)
    assert time.perf_counter() - start < 5  # generous; see benchmarks/similarity.py
    assert len(result) >= 5


def test_build_fingerprints_command(earlier_campaign, campaign):
    from django.core.management import call_command

    p = _other_org_project(earlier_campaign, TOPICS[7][0], **application_text(TOPICS[7][0], TOPICS[7][1]))
    transition(project=p, name="submit", actor=p.created_by)
    ProjectFingerprint.objects.all().delete()
    call_command("build_fingerprints")
    assert ProjectFingerprint.objects.filter(project=p).exists()
    query = _other_org_project(campaign, TOPICS[7][0], **application_text(TOPICS[7][0], TOPICS[7][1]))
    assert similarity.find_similar(query)[0].project == p


def test_recheck_is_order_independent(earlier_campaign, campaign):
    topic, symptom = TOPICS[8][0], TOPICS[8][1]
    old = _other_org_project(earlier_campaign, topic, **application_text(topic, symptom))
    new = _other_org_project(campaign, topic, **_reworded(application_text(topic, symptom)))
    others = [_other_org_project(campaign, t[0], **application_text(t[0], t[1])) for t in TOPICS[:3]]
    assert similarity.recheck([new, *others, old]) == 5
    fp = ProjectFingerprint.objects.get(project=new)
    assert fp.matches[0]["project"] == old.pk and fp.max_score >= similarity.WARNING_THRESHOLD
    # The earlier project is not compared with later years.
    assert all(m["project"] != new.pk for m in ProjectFingerprint.objects.get(project=old).matches)


def test_index_replacing_a_document_keeps_scores_consistent():
    text = "".join(application_text(TOPICS[3][0], TOPICS[3][1]).values())
    ids, counts = similarity.features(text)
    index = similarity.SimilarityIndex()
    index._rebuild([(1, 2025, ids, counts), (2, 2026, ids, counts)])
    index._add_delta(2, 2026, ids, counts)  # re-fingerprinted after a resubmission
    result = dict(index.query(ids, counts, own_pid=9, max_year=2026))
    assert result[1] > 0.99 and result[2] > 0.99
    other_ids, other_counts = similarity.features("缩短营业厅群众办事等候时间，推行线上预约。")
    index._add_delta(1, 2025, other_ids, other_counts)  # its text changed completely
    result = dict(index.query(ids, counts, own_pid=9, max_year=2026))
    assert result.get(1, 0) < 0.2 and result[2] > 0.99
