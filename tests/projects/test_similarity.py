"""第七条(四): the duplicate check: its score, its evaluation set, the candidate search, the
check after submission (a Celery task, inline in eager mode) and the gate on recommend/approve."""

import importlib.util
import random
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.projects import similarity
from apps.projects import similarity_engine as engine
from apps.projects.models import Finding, Metric, ProjectFingerprint, SimilarityFinding, SimilarityGram
from apps.projects.rules import similarity_acknowledged, similarity_cleared
from apps.projects.services import TransitionRefused, transition
from apps.projects.selectors import timeline
from tests.factories import CampaignFactory, OrganizationFactory, bring_to, make_user, ready_application, record_verification
from tests.projects.similarity_eval.build import swap_synonyms
from tests.projects.similarity_eval.projects import INDUSTRIES

ROOT = Path(__file__).resolve().parents[2]


def _benchmark():
    spec = importlib.util.spec_from_file_location("similarity_eval", ROOT / "benchmarks" / "similarity_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- the score and its evaluation set ----------------------------------------------------------


def test_evaluation_set_covers_what_it_must():
    pairs = _benchmark().load_pairs()
    assert len(pairs) >= 80
    assert len({p["industry"] for p in pairs}) >= 8
    kinds = {p["kind"]: p["label"] for p in pairs}
    assert kinds == {
        "verbatim": 1, "synonyms": 1, "reordered": 1, "retitled": 1, "partial": 1, "reworded": 1,
        "continuation": 0, "same_field": 0, "same_field_c": 0, "reworded_b": 0, "other_field": 0,
    }


def test_evaluation_meets_the_goal_at_the_shipped_threshold():
    """The benchmark's quick mode: fails below precision 0.95 or recall 0.95."""
    result = _benchmark().evaluate()
    assert result["threshold"] == 0.5
    assert result["precision"] >= 0.95
    assert result["recall"] >= 0.95
    assert result["roc_auc"] >= 0.95


def _doc(spec, **changes):
    spec = {**spec, **changes}
    return engine.Document(
        title=spec["title"], company=spec["company"], texts={f: spec.get(f, "") for f in engine.TEXT_FIELDS},
        metrics=tuple(engine.Metric(*m) for m in spec["metrics"]),
    )


def test_score_is_symmetric_and_bounded():
    a = engine.features(_doc(INDUSTRIES["医药"]["A"]))
    c = engine.features(_doc(INDUSTRIES["医药"]["C"]))
    assert engine.score(a, c) == engine.score(c, a)
    assert 0 <= engine.score(a, c) < 0.5
    assert engine.score(a, a) > 0.99


def test_company_name_in_the_text_does_not_matter():
    spec = INDUSTRIES["冶金"]["A"]
    text = {"plan_reason": spec["company"] + "是本市重点企业。" + spec["plan_reason"]}
    a = engine.features(_doc(spec, **text))
    b = engine.features(_doc(spec, company="天津某某钢铁有限公司", plan_reason="天津某某钢铁有限公司是本市重点企业。" + spec["plan_reason"]))
    assert engine.signals(a, b)["sections"] == 1.0


def test_figures_are_read_with_their_units_and_dates_are_not_figures():
    assert engine.figures("2024年1至6月抽查48批次，烧伤不合格率3.20%，流量45L/min，第3项") == {"48批", "3.2%", "45l/min"}


# ---- storing, searching, determinism -------------------------------------------------------------


def _project(campaign, spec, *, org=None, **changes):
    spec = {**spec, **changes}
    org = org or OrganizationFactory(name=spec["company"])
    user = make_user(Role.APPLICANT, organization=org)
    project = ready_application(
        campaign=campaign, organization=org, created_by=user, title=spec["title"],
        **{f: spec.get(f, "") for f in similarity.engine.TEXT_FIELDS if f != "results_summary"},
    )
    project.metrics.all().delete()
    for name, unit, baseline, target, actual in spec["metrics"]:
        Metric.objects.create(project=project, name=name, unit=unit, baseline=Decimal(baseline), target=Decimal(target),
                              actual=Decimal(actual) if actual else None)
    return project


@pytest.fixture
def earlier(db, campaign):
    return CampaignFactory(year=campaign.year - 1)


@pytest.fixture
def history(earlier):
    """Last year's projects of three industries (A and B of each), in last year's plan."""
    from django.utils import timezone

    from apps.projects.models import Project

    made = {(name, key): _project(earlier, INDUSTRIES[name][key]) for name in ("机械制造", "食品", "电力") for key in ("A", "B")}
    Project.objects.filter(pk__in=[p.pk for p in made.values()]).update(state="in_progress", submitted_at=timezone.now())
    for p in made.values():
        p.refresh_from_db()
    return made


def test_a_reworded_copy_is_found_and_flagged_and_a_continuation_is_not(campaign, history):
    for p in history.values():
        similarity.store_fingerprint(p)
    spec = INDUSTRIES["食品"]["A"]
    rng = random.Random(3)
    copy = _project(campaign, spec, company="天津武清食品工业有限公司", title="速冻面点产品完整性提升项目",
                    **{f: swap_synonyms(spec[f], rng) for f in engine.TEXT_FIELDS if f != "results_summary"})
    matches = similarity.find_similar(copy)
    assert matches[0].project == history[("食品", "A")]
    assert matches[0].score >= similarity.THRESHOLD
    assert all(m.score < similarity.THRESHOLD for m in matches[1:])

    follow_up = _project(campaign, INDUSTRIES["食品"]["C"], org=history[("食品", "A")].organization)
    assert all(m.score < similarity.THRESHOLD for m in similarity.find_similar(follow_up))


def test_only_earlier_years_are_compared(campaign, earlier, history):
    spec = INDUSTRIES["电力"]["A"]
    same_year = _project(campaign, spec)
    similarity.store_fingerprint(same_year)
    similarity.store_fingerprint(history[("电力", "A")])
    later = CampaignFactory(year=campaign.year + 1)
    similarity.store_fingerprint(_project(later, spec))
    project = _project(campaign, spec)
    found = [m.project for m in similarity.find_similar(project)]
    assert found == [history[("电力", "A")]]
    # The earlier project is not compared with later years, nor with itself.
    similarity.store_fingerprint(project)
    assert similarity.find_similar(history[("电力", "A")]) == []


def test_rebuilding_the_index_in_another_order_gives_the_same_scores(campaign, history):
    project = _project(campaign, INDUSTRIES["机械制造"]["A"], title="精密轴承沟道磨削质量改进攻关")
    order = list(history.values())

    def scores():
        return [(m.project.pk, m.score) for m in similarity.find_similar(project, limit=10)]

    for p in order:
        similarity.store_fingerprint(p)
    first = scores()
    SimilarityGram.objects.all().delete()
    for p in reversed(order):
        similarity.store_fingerprint(p)
    SimilarityGram.objects.filter(project=order[2]).delete()
    similarity.store_fingerprint(order[2])  # stored again later (a resubmission)
    assert scores() == first
    assert first[0][0] == history[("机械制造", "A")].pk
    # The score of a pair does not depend on what else is stored.
    alone_score, _ = similarity.pair(project, history[("机械制造", "A")])
    assert alone_score == first[0][1]


def test_the_stored_sketch_is_small_and_replaced_on_resubmission(campaign, history):
    p = history[("机械制造", "A")]
    similarity.store_fingerprint(p)
    n = SimilarityGram.objects.filter(project=p).count()
    assert 20 < n < 200
    similarity.store_fingerprint(p)
    assert SimilarityGram.objects.filter(project=p).count() == n


# ---- the check after submission ------------------------------------------------------------------


def _copy_of(campaign, project, *, organization, applicant, recommender_unit):
    fields = {f: getattr(project, f) for f in project.PDCA_FIELDS}
    copy = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit,
                             created_by=applicant, title=project.title, **fields)
    copy.metrics.all().delete()
    for m in project.metrics.all():
        Metric.objects.create(project=copy, name=m.name, unit=m.unit, baseline=m.baseline, target=m.target)
    return copy


@pytest.fixture
def flagged(campaign, history, organization, applicant, recommender_unit, django_capture_on_commit_callbacks):
    """A current application copying last year's 机械制造 A, submitted (checked at commit)."""
    for p in history.values():
        similarity.store_fingerprint(p)
    copy = _copy_of(campaign, history[("机械制造", "A")], organization=organization, applicant=applicant,
                    recommender_unit=recommender_unit)
    with django_capture_on_commit_callbacks(execute=True):
        transition(project=copy, name="submit", actor=applicant, commitment=True)
    return copy


def test_submission_queues_the_check_and_eager_mode_runs_it_at_commit(flagged, history):
    check = ProjectFingerprint.objects.get(project=flagged)
    assert check.status == "done" and check.checked_at is not None
    assert check.matches[0]["project"] == history[("机械制造", "A")].pk
    assert check.max_score >= similarity.THRESHOLD
    assert SimilarityGram.objects.filter(project=flagged).exists()


def test_the_project_is_pending_until_the_task_ran(campaign, draft, applicant, monkeypatch, django_capture_on_commit_callbacks):
    from apps.projects import tasks

    queued = []
    monkeypatch.setattr(tasks.check_similarity, "delay", lambda pk: queued.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        transition(project=draft, name="submit", actor=applicant, commitment=True)
    assert queued == [draft.pk]
    check = ProjectFingerprint.objects.get(project=draft)
    assert check.pending
    assert similarity_acknowledged.problems(draft) == ["根据第七条(四)，该项目正在查重（查重中…），查重完成后方可推荐。"]
    tasks.check_similarity(draft.pk)
    check.refresh_from_db()
    assert check.status == "done" and similarity_acknowledged.problems(draft) == []


def test_submit_answers_with_checking_in_progress_and_the_pages_say_so(client, draft, applicant, recommender, monkeypatch, django_capture_on_commit_callbacks):
    from apps.projects import tasks

    monkeypatch.setattr(tasks.check_similarity, "delay", lambda pk: None)
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("projects:submit", args=[draft.pk]), {"commitment": "on", "expected_state": "draft"}, follow=True)
    assert "查重中…" in response.content.decode()
    assert 'id="similarity-pending"' in client.get(reverse("projects:detail", args=[draft.pk])).content.decode()
    client.force_login(recommender)
    assert 'id="similarity-pending"' in client.get(reverse("recommenders:review", args=[draft.pk])).content.decode()


# ---- the gate ------------------------------------------------------------------------------------


def test_recommend_requires_the_units_acknowledgement(flagged, recommender):
    with pytest.raises(TransitionRefused) as refused:
        transition(project=flagged, name="recommend", actor=recommender, comment="同意推荐")
    assert "第七条(四)" in refused.value.message and "确认已知悉查重结果" in refused.value.message
    flagged.refresh_from_db()
    assert flagged.state == "submitted"
    similarity.acknowledge(project=flagged, actor=recommender)
    record_verification(flagged, recommender)
    transition(project=flagged, name="recommend", actor=recommender, comment="同意推荐")
    assert flagged.state == "recommended"
    assert any(e.kind == "acknowledgement" for e in timeline(flagged))


def test_only_the_projects_unit_acknowledges(flagged, other_recommender, commission):
    for user in (other_recommender, commission):
        with pytest.raises(similarity.SimilarityRefused):
            similarity.acknowledge(project=flagged, actor=user)


def test_an_unflagged_project_needs_no_acknowledgement_nor_finding(campaign, history, draft, applicant, recommender, commission, django_capture_on_commit_callbacks):
    for p in history.values():
        similarity.store_fingerprint(p)
    with django_capture_on_commit_callbacks(execute=True):
        transition(project=draft, name="submit", actor=applicant, commitment=True)
    assert not similarity.flagged(draft)
    record_verification(draft, recommender)
    transition(project=draft, name="recommend", actor=recommender, comment="同意推荐")
    transition(project=draft, name="approve", actor=commission)
    assert draft.state == "approved"


@pytest.fixture
def recommended(flagged, recommender):
    similarity.acknowledge(project=flagged, actor=recommender)
    record_verification(flagged, recommender)
    transition(project=flagged, name="recommend", actor=recommender, comment="同意推荐")
    return flagged


def test_approving_a_flagged_project_without_a_finding_is_refused(recommended, commission):
    assert similarity_cleared.problems(recommended) == [
        "根据第七条(四)，查重发现该项目与往年项目相似，须先记录查重认定（不雷同、延续项目或雷同），方可立项审核通过。"
    ]
    with pytest.raises(TransitionRefused):
        transition(project=recommended, name="approve", actor=commission)
    recommended.refresh_from_db()
    assert recommended.state == "recommended"


@pytest.mark.parametrize("finding", [Finding.DISTINCT, Finding.CONTINUATION])
def test_not_a_duplicate_or_a_continuation_lets_it_be_approved(recommended, commission, finding):
    row = similarity.record_finding(project=recommended, actor=commission, finding=finding, reason="与往年项目的产品和目标不同")
    assert recommended.state == "recommended"
    assert row.matches and row.recorded_by == commission
    transition(project=recommended, name="approve", actor=commission)
    assert recommended.state == "approved"
    entries = [e.label for e in timeline(recommended)]
    assert f"查重认定：{Finding(finding).label}（第七条(四)）" in entries
    assert entries.index(f"查重认定：{Finding(finding).label}（第七条(四)）") < entries.index("立项审核通过")


def test_a_finding_in_the_timeline_names_its_recorder_as_the_user_is_written(recommended, commission):
    commission.full_name = "王审核"
    commission.save(update_fields=["full_name"])
    similarity.record_finding(project=recommended, actor=commission, finding=Finding.DISTINCT, reason="产品不同")
    entry = next(e for e in timeline(recommended) if e.kind == "finding")
    assert (entry.label, str(entry.actor), entry.role, entry.comment) == ("查重认定：不雷同（第七条(四)）", "王审核", "市市场监管委", "产品不同")


def test_a_duplicate_is_rejected_citing_article_7_4(recommended, commission):
    similarity.record_finding(project=recommended, actor=commission, finding=Finding.DUPLICATE, reason="与2025年项目内容和数据一致")
    assert recommended.state == "rejected"
    log = recommended.transitions.order_by("-created_at", "-pk").first()
    assert log.transition == "reject"
    assert log.comment == "根据第七条(四)，经查重认定该项目与往年项目雷同，立项审核不通过。与2025年项目内容和数据一致"


def test_a_finding_needs_a_reason_the_commission_and_a_flag(recommended, commission, recommender):
    with pytest.raises(similarity.SimilarityRefused, match="须写明理由"):
        similarity.record_finding(project=recommended, actor=commission, finding=Finding.DISTINCT, reason=" ")
    with pytest.raises(similarity.SimilarityRefused, match="市市场监管委"):
        similarity.record_finding(project=recommended, actor=recommender, finding=Finding.DISTINCT, reason="不同")
    assert not SimilarityFinding.objects.exists()


def test_a_finding_before_a_new_check_does_not_count(recommended, commission):
    similarity.record_finding(project=recommended, actor=commission, finding=Finding.DISTINCT, reason="不同")
    assert similarity_cleared.problems(recommended) == []
    similarity.run_check(recommended)  # checked again (e.g. after a resubmission)
    assert similarity_cleared.problems(recommended) != []


def test_a_check_delivered_again_after_the_finding_does_not_undo_it(recommended, commission):
    """The beat queues a pending check again, a killed worker gets its task redelivered: a
    second run of a finished check would move its time past the finding and void it."""
    from apps.projects import tasks

    similarity.record_finding(project=recommended, actor=commission, finding=Finding.DISTINCT, reason="不同")
    checked_at = ProjectFingerprint.objects.get(project=recommended).checked_at
    assert tasks.check_similarity(recommended.pk) == "checked already"
    assert ProjectFingerprint.objects.get(project=recommended).checked_at == checked_at
    assert similarity_cleared.problems(recommended) == []
    transition(project=recommended, name="approve", actor=commission)
    assert recommended.state == "approved"


def test_a_check_delivered_again_after_the_acknowledgement_does_not_undo_it(flagged, recommender):
    from apps.projects import tasks

    similarity.acknowledge(project=flagged, actor=recommender)
    assert tasks.check_similarity(flagged.pk) == "checked already"
    assert similarity_acknowledged.problems(flagged) == []


# ---- the screens --------------------------------------------------------------------------------


def test_the_unit_sees_the_flag_and_must_tick_the_acknowledgement(client, flagged, recommender, history):
    client.force_login(recommender)
    url = reverse("recommenders:review", args=[flagged.pk])
    page = client.get(url).content.decode()
    assert 'id="similarity-warning"' in page and history[("机械制造", "A")].number in page
    form = client.get(url).context["form"]
    data = {f.html_name: "on" for f in form.checklist_fields()}
    data.update({"opinion": "同意推荐", "decision": "recommend", "expected_state": "submitted"})
    response = client.post(url, data)
    assert "推荐前须确认已知悉查重结果" in response.content.decode()
    flagged.refresh_from_db()
    assert flagged.state == "submitted"
    client.post(url, {**data, "acknowledge_similarity": "on"})
    flagged.refresh_from_db()
    assert flagged.state == "recommended"


def test_the_commission_records_a_finding_on_the_approval_page(client, recommended, commission, campaign):
    client.force_login(commission)
    detail = reverse("campaigns:approval_detail", args=[campaign.year, recommended.pk])
    page = client.get(detail).content.decode()
    assert 'id="similarity-finding-missing"' in page and 'id="finding-form"' in page
    url = reverse("campaigns:approval_finding", args=[campaign.year, recommended.pk])
    response = client.post(url, {"finding": "continuation", "reason": "", "expected_state": "recommended"})
    assert "查重认定须写明理由" in response.content.decode()
    client.post(url, {"finding": "continuation", "reason": "二期项目，目标更新为0.3%", "expected_state": "recommended"})
    page = client.get(detail).content.decode()
    assert "查重认定：延续项目" in page and "二期项目，目标更新为0.3%" in page


def test_the_comparison_marks_shared_passages_and_figures(client, recommended, commission, campaign, history):
    client.force_login(commission)
    old = history[("机械制造", "A")]
    response = client.get(reverse("campaigns:approval_compare", args=[campaign.year, recommended.pk, old.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<mark class="figure">3.2%</mark>' in html
    assert "<mark>" in html and 'id="shared-figures"' in html and 'id="signals"' in html
    assert "3.2%" in response.context["shared_figures"]
    assert response.context["score"] >= similarity.THRESHOLD


def test_highlight_marks_common_passages_and_escapes_html():
    a, b = similarity.highlight_shared("<b>运用鱼骨图分析主要原因</b>，并制定对策。", "我们运用鱼骨图分析主要原因后实施。")
    assert "<mark>运用鱼骨图分析主要原因</mark>" in a
    assert "<mark>运用鱼骨图分析主要原因</mark>" in b
    assert "&lt;b&gt;" in a and "<b>" not in a


def test_build_fingerprints_command_stores_sketches_and_checks_pending_projects(flagged, history):
    from django.core.management import call_command

    from apps.projects.models import Project

    ProjectFingerprint.objects.filter(project=flagged).update(status="pending", matches=[], max_score=0)
    SimilarityGram.objects.all().delete()
    call_command("build_fingerprints")
    check = ProjectFingerprint.objects.get(project=flagged)
    assert check.status == "done" and check.matches[0]["project"] == history[("机械制造", "A")].pk


def test_lost_checks_are_queued_again(campaign, draft, applicant, monkeypatch, django_capture_on_commit_callbacks):
    import datetime

    import time_machine
    from django.utils import timezone

    from apps.projects import tasks

    queued = []
    monkeypatch.setattr(tasks.check_similarity, "delay", lambda pk: queued.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        transition(project=draft, name="submit", actor=applicant, commitment=True)
    assert queued == [draft.pk]
    assert tasks.requeue_pending_checks() == 0  # just submitted: its task is still on its way
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11), tick=False):
        assert tasks.requeue_pending_checks() == 1
    assert queued == [draft.pk, draft.pk]


def test_hash_counts_follow_the_stored_sketches_and_common_hashes_are_not_searched(campaign, history, monkeypatch):
    from apps.projects.models import SimilarityHashCount

    a, b = history[("机械制造", "A")], history[("机械制造", "B")]
    similarity.store_fingerprint(a)
    similarity.store_fingerprint(a)  # stored again: counted once
    hashes = set(SimilarityGram.objects.filter(project=a).values_list("hash", flat=True))
    assert set(SimilarityHashCount.objects.filter(projects=1).values_list("hash", flat=True)) == hashes
    similarity.store_fingerprint(b)
    shared = hashes & set(SimilarityGram.objects.filter(project=b).values_list("hash", flat=True))
    assert set(SimilarityHashCount.objects.filter(projects=2).values_list("hash", flat=True)) == shared

    project = _project(campaign, INDUSTRIES["机械制造"]["A"])
    feats = engine.features(similarity.document_of(project))
    assert similarity.candidate_ids(project, feats)[0] == a.pk
    monkeypatch.setattr(similarity, "MAX_POSTINGS", 0)  # every hash counts as common: nothing to look up
    assert similarity.search_hashes(feats) == []
    assert similarity.candidate_ids(project, feats) == []
