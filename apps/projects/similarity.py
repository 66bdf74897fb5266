"""第七条(四): an application must not be the same as (雷同) a project of an earlier year.

The score of a pair is :mod:`apps.projects.similarity_engine` (figures, metrics, rare terms,
character 2–4-grams section against section, the title; deterministic, calibrated). This module
stores what the search needs and runs the check:

* on (re)submission :func:`request_check` marks the project 查重中 and queues
  :func:`apps.projects.tasks.check_similarity` (a Celery task; in eager mode it runs inline when
  the submission commits);
* the task stores the project's sketch (:class:`~apps.projects.models.SimilarityGram`, an
  indexed table), asks the database for the earlier years' projects sharing most of its hashes
  (:data:`CANDIDATES` of them) and scores those exactly; the result is kept on
  :class:`~apps.projects.models.ProjectFingerprint`.

Nothing is held in memory between checks: a web worker pays nothing at start
(``benchmarks/similarity.py`` measures it).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import similarity_engine as engine

log = logging.getLogger(__name__)

# At or above this score the project is flagged: the unit acknowledges it before recommending,
# the commission records a finding before approving (第七条(四)).
THRESHOLD = engine.THRESHOLD
WARNING_THRESHOLD = THRESHOLD
CANDIDATES = 20  # earlier projects scored exactly per check
MAX_POSTINGS = 200  # a hash more projects share than this is not used to find candidates
MIN_SHARED_HASHES = 2
HIGHLIGHT_MIN_CHARS = 5  # a shared passage is at least this many characters long


@dataclass
class SimilarMatch:
    project: object  # apps.projects.models.Project
    score: float  # 0..1, the calibrated likelihood of 雷同
    signals: dict = field(default_factory=dict)


def document_of(project, metrics=None) -> engine.Document:
    metrics = project.metrics.all() if metrics is None else metrics
    return engine.Document(
        title=project.title or "",
        company=project.organization.name if project.organization_id else "",
        texts={name: getattr(project, name) or "" for name in engine.TEXT_FIELDS},
        metrics=tuple(
            engine.Metric(m.name, m.unit, str(m.baseline), str(m.target), None if m.actual is None else str(m.actual))
            for m in metrics
        ),
    )


def comparable_text(project) -> str:
    """The text compared: the title and the PDCA sections (第七条(二)), one per line."""
    parts = [project.title or ""] + [getattr(project, name) or "" for name in project.PDCA_FIELDS]
    return "\n".join(p.strip() for p in parts if p and p.strip())


def text_hash(doc: engine.Document) -> str:
    payload = json.dumps([doc.title, doc.company, doc.texts, [list(m.__dict__.values()) for m in doc.metrics]], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def pair(project, other) -> tuple[float, dict]:
    """The score of two projects and its signals (depends on the two projects only)."""
    a, b = engine.features(document_of(project)), engine.features(document_of(other))
    values = engine.signals(a, b)
    return round(engine.combine(values), 4), values


# ---- storing and searching -------------------------------------------------------------------


def store_fingerprint(project, doc=None, feats=None):
    """Store ``project``'s sketch for candidate search (replacing the previous one) and keep the
    count of projects per hash."""
    from django.db.models import F

    from .models import Project, ProjectFingerprint, SimilarityGram, SimilarityHashCount

    doc = doc or document_of(project)
    feats = feats or engine.features(doc)
    year = project.campaign.year
    new = engine.sketch(feats)
    with transaction.atomic():
        # The project's row first, as every other writer of the project and its check does
        # (transitions, acknowledge, findings): a check that runs while the unit acknowledges
        # waits instead of deadlocking.
        Project.objects.select_for_update().filter(pk=project.pk).values_list("pk", flat=True).first()
        old = set(SimilarityGram.objects.filter(project=project).values_list("hash", flat=True))
        SimilarityGram.objects.filter(project=project).delete()
        SimilarityGram.objects.bulk_create(
            [SimilarityGram(project=project, year=year, hash=h) for h in sorted(new)], batch_size=500
        )
        added, removed = sorted(new - old), sorted(old - new)
        # The shared counts are locked in one order (by hash), so two checks running at once
        # (the deadline rush) take them in the same order.
        if removed:
            list(SimilarityHashCount.objects.select_for_update().filter(hash__in=removed).order_by("hash").values_list("pk", flat=True))
            SimilarityHashCount.objects.filter(hash__in=removed).update(projects=F("projects") - 1)
        if added:
            SimilarityHashCount.objects.bulk_create([SimilarityHashCount(hash=h) for h in added], ignore_conflicts=True, batch_size=500)
            list(SimilarityHashCount.objects.select_for_update().filter(hash__in=added).order_by("hash").values_list("pk", flat=True))
            SimilarityHashCount.objects.filter(hash__in=added).update(projects=F("projects") + 1)
        fp, _ = ProjectFingerprint.objects.update_or_create(project=project, defaults={"year": year, "text_hash": text_hash(doc)})
    return fp


def search_hashes(feats) -> list[int]:
    """The sketch's hashes worth looking up: those at most :data:`MAX_POSTINGS` projects share."""
    from .models import SimilarityHashCount

    sketch = engine.sketch(feats)
    common = set(
        SimilarityHashCount.objects.filter(hash__in=sorted(sketch), projects__gt=MAX_POSTINGS).values_list("hash", flat=True)
    )
    return sorted(sketch - common)


def candidate_ids(project, feats, limit=CANDIDATES) -> list[int]:
    """The earlier years' projects sharing most sketch hashes with ``project`` (two indexed
    queries; ties broken by id, so the choice does not depend on storage order)."""
    from .models import SimilarityGram

    rows = (
        SimilarityGram.objects.filter(hash__in=search_hashes(feats), year__lt=project.campaign.year)
        .exclude(project_id=project.pk)
        .values("project_id")
        .annotate(shared=Count("pk"))
        .filter(shared__gte=MIN_SHARED_HASHES)
        .order_by("-shared", "project_id")[:limit]
    )
    return [r["project_id"] for r in rows]


def find_similar(project, *, limit=5, feats=None) -> list[SimilarMatch]:
    """第七条(四): the earlier years' projects most similar to ``project``, best first (each
    scored exactly against it)."""
    from .models import Project

    feats = feats or engine.features(document_of(project))
    ids = candidate_ids(project, feats)
    if not ids:
        return []
    others = Project.objects.with_list_data().filter(pk__in=ids).prefetch_related("metrics")
    matches = []
    for other in others:
        values = engine.signals(feats, engine.features(document_of(other)))
        matches.append(SimilarMatch(project=other, score=round(engine.combine(values), 4), signals=values))
    matches.sort(key=lambda m: (-m.score, m.project.pk))
    return matches[:limit]


def _record(fp, matches):
    fp.matches = [
        {"project": m.project.pk, "number": m.project.number, "title": m.project.title, "year": m.project.campaign.year, "score": m.score}
        for m in matches
    ]
    fp.max_score = max((m.score for m in matches), default=0.0)
    fp.checked_at = timezone.now()
    fp.status = "done"
    fp.save(update_fields=["matches", "max_score", "checked_at", "status", "updated_at"])


def run_check(project):
    """Store ``project``'s sketch, search and score, keep the result. Idempotent."""
    doc = document_of(project)
    feats = engine.features(doc)
    fp = store_fingerprint(project, doc, feats)
    _record(fp, find_similar(project, limit=5, feats=feats))
    return fp


def request_check(project):
    """On (re)submission: the project is 查重中 until the task has stored the result; a new
    check needs a new acknowledgement by the unit."""
    from .models import ProjectFingerprint
    from .tasks import check_similarity

    ProjectFingerprint.objects.update_or_create(
        project=project,
        defaults={"year": project.campaign.year, "status": "pending", "acknowledged_by": None, "acknowledged_at": None},
    )
    try:
        check_similarity.delay(project.pk)
    except Exception:  # noqa: BLE001 - broker down: the beat's requeue_pending_checks queues it again
        log.exception("duplicate check of project %s not queued", project.pk)


def check_on_submit(project):
    """Run the check now (commands, tests) and return the warnings (see :func:`stored_warnings`)."""
    return stored_warnings(run_check(project))


def recheck(projects):
    """Store every sketch first, then check each: the result does not depend on the order the
    projects were submitted in (imports of earlier years, demo data)."""
    projects = list(projects)
    for p in projects:
        store_fingerprint(p)
    for p in projects:
        run_check(p)
    return len(projects)


def stored_warnings(fingerprint) -> list[dict]:
    """The matches at or above the threshold (dicts with project, number, title, year, score)."""
    if fingerprint is None or fingerprint.pending:
        return []
    return [m for m in (fingerprint.matches or []) if m.get("score", 0) >= THRESHOLD]


def fingerprint_of(project):
    """The project's check, read now (writes, and after a submission)."""
    from .models import ProjectFingerprint

    return ProjectFingerprint.objects.filter(project=project).first()


def fingerprint_shown(project):
    """The project's check for a page that shows it: joined to the project's row where the page
    loaded it so (``select_related("fingerprint")``), else read once. Who acknowledged it is
    read when it is shown (a flagged check the unit acknowledged: few)."""
    from .models import ProjectFingerprint

    try:
        return project.fingerprint
    except ProjectFingerprint.DoesNotExist:
        return None


# A check not given: the function reads it (None is a project without one).
UNREAD = object()


# ---- explaining a match -------------------------------------------------------------------------


def _grams(text, k):
    return {text[i : i + k] for i in range(len(text) - k + 1)}


def _shared_mask(text, other_grams, k):
    mask = [False] * len(text)
    for i in range(len(text) - k + 1):
        if text[i : i + k] in other_grams:
            for j in range(i, i + k):
                mask[j] = True
    return mask


def _figure_mask(text, shared_figures):
    mask = [False] * len(text)
    if not shared_figures:
        return mask
    for m in re.finditer(r"\d+(?:\.\d+)?\s*[^\s\d，。；、：,.;:（）()]{0,6}", text):
        for fig in engine.figures(m.group(0)):
            if fig in shared_figures:
                for j in range(m.start(), m.end()):
                    mask[j] = True
    return mask


def _wrap(text, mask, figure_mask):
    out, run, state = [], [], None
    def flush():
        if run:
            chunk = html.escape("".join(run))
            out.append(f'<mark class="figure">{chunk}</mark>' if state == 2 else f"<mark>{chunk}</mark>" if state == 1 else chunk)
    for ch, m, f in zip(text, mask, figure_mask):
        s = 2 if f else 1 if m else 0
        if s != state:
            flush()
            run = []
            state = s
        run.append(ch)
    flush()
    return "".join(out)


def highlight_shared(text_a: str, text_b: str, shared_figures=frozenset()) -> tuple[str, str]:
    """Both texts HTML-escaped, every passage of at least :data:`HIGHLIGHT_MIN_CHARS` characters
    found in both wrapped in ``<mark>`` (order-independent: a moved sentence is found too), the
    shared figures in ``<mark class="figure">``."""
    text_a, text_b = text_a or "", text_b or ""
    k = HIGHLIGHT_MIN_CHARS
    grams_a, grams_b = _grams(text_a, k), _grams(text_b, k)
    a = _wrap(text_a, _shared_mask(text_a, grams_b, k), _figure_mask(text_a, shared_figures))
    b = _wrap(text_b, _shared_mask(text_b, grams_a, k), _figure_mask(text_b, shared_figures))
    return mark_safe(a), mark_safe(b)


SIGNAL_LABELS = {
    "figures": "数据（现状值、目标值、实际值及文中数字）",
    "metric_values": "指标数值相同",
    "metric_names": "指标名称",
    "sections": "各部分逐一对比（P/D/C/A/成果）",
    "section_max": "最相似的单个部分",
    "terms": "专业术语",
    "title": "项目名称",
}


def explain(project, other) -> dict:
    """Everything the side-by-side comparison shows: the score, each signal, the shared figures
    and every section of both projects with the shared passages and figures marked."""
    from .models import Project

    doc_a, doc_b = document_of(project), document_of(other)
    fa, fb = engine.features(doc_a), engine.features(doc_b)
    values = engine.signals(fa, fb)
    shared = fa.figures & fb.figures
    whole_a = "\n".join([doc_a.title, *doc_a.texts.values()])
    whole_b = "\n".join([doc_b.title, *doc_b.texts.values()])
    sections = []
    for name in ["title", *engine.TEXT_FIELDS]:
        a_text, b_text = getattr(project, name) or "", getattr(other, name) or ""
        if not a_text and not b_text:
            continue
        # Each section against the other project's whole text: a moved passage is found too.
        a = highlight_shared(a_text, whole_b, shared)[0]
        b = highlight_shared(b_text, whole_a, shared)[0]
        sections.append({"label": Project._meta.get_field(name).verbose_name, "a": a, "b": b})
    return {
        "score": round(engine.combine(values), 4),
        "signals": [{"label": SIGNAL_LABELS[k], "value": v} for k, v in values.items()],
        "shared_figures": sorted(shared, key=lambda f: (len(f), f)),
        "sections": sections,
    }


# ---- the gate (第七条(四)) ------------------------------------------------------------------------


class SimilarityRefused(Exception):
    """A finding or acknowledgement that may not be recorded; ``message`` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def latest_finding(project, check=UNREAD):
    """The commission's finding that answers the project's last check (recorded after it)."""
    from .models import SimilarityFinding

    check = fingerprint_of(project) if check is UNREAD else check
    qs = SimilarityFinding.objects.filter(project_id=project.pk)
    if check is not None and check.checked_at is not None:
        qs = qs.filter(created_at__gte=check.checked_at)
    return qs.order_by("-created_at", "-pk").first()


def flagged(project, check=UNREAD) -> bool:
    check = fingerprint_of(project) if check is UNREAD else check
    return bool(stored_warnings(check))


def acknowledge(*, project, actor):
    """第七条(四): the recommending unit confirms it has seen the flagged check (before
    recommending; see rules.similarity_acknowledged)."""
    from .models import Project
    from .policy import recommender_of_project
    from .states import State

    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        check = fingerprint_of(locked)
        if not recommender_of_project(actor, locked):
            raise SimilarityRefused("您无权确认该项目的查重结果。")
        if locked.state != State.SUBMITTED:
            raise SimilarityRefused(f"项目当前状态为“{locked.get_state_display()}”，无需确认查重结果。")
        if check is None or check.pending:
            raise SimilarityRefused("根据第七条(四)，该项目正在查重（查重中…），请稍后再确认。")
        if not stored_warnings(check):
            raise SimilarityRefused("该项目查重未发现相似的往年项目，无需确认。")
        if check.acknowledged_at is None:
            check.acknowledged_by = actor
            check.acknowledged_at = timezone.now()
            check.save(update_fields=["acknowledged_by", "acknowledged_at", "updated_at"])
    return check


FINDING_COMMENT = "根据第七条(四)，经查重认定该项目与往年项目雷同，立项审核不通过。{reason}"


def record_finding(*, project, actor, finding, reason, expected_state=None):
    """第七条(四): the commission's finding on a flagged project in 立项审核.

    不雷同 (with the reason) and 延续项目 (with its new goals) let the project be approved;
    雷同 rejects it at once through the state machine, citing 第七条(四). Every finding is kept
    (append-only) and shown on the project's timeline."""
    from .models import Finding, Project, SimilarityFinding
    from .policy import commission
    from .services import TransitionRefused, transition
    from .states import State

    reason = (reason or "").strip()
    if finding not in Finding.values:
        raise SimilarityRefused("请选择查重认定：不雷同、延续项目或雷同。")
    if not reason:
        raise SimilarityRefused(f"根据第七条(四)，认定“{Finding(finding).label}”须写明理由。")
    with transaction.atomic():
        locked = Project.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=project.pk)
        if not commission(actor, locked):
            raise SimilarityRefused("查重认定由市市场监管委作出（第十一条）。")
        if locked.state != State.RECOMMENDED or (expected_state and expected_state != locked.state):
            raise SimilarityRefused(f"项目当前状态为“{locked.get_state_display()}”，不能记录查重认定。")
        check = fingerprint_of(locked)
        if check is None or check.pending:
            raise SimilarityRefused("根据第七条(四)，该项目正在查重（查重中…），查重完成后方可认定。")
        if not stored_warnings(check):
            raise SimilarityRefused("该项目查重未发现相似的往年项目，无需认定。")
        row = SimilarityFinding.objects.create(
            project=locked, finding=finding, reason=reason, matches=stored_warnings(check), recorded_by=actor
        )
        if finding == Finding.DUPLICATE:
            try:
                transition(project=locked, name="reject", actor=actor, comment=FINDING_COMMENT.format(reason=reason), expected_state=State.RECOMMENDED)
            except TransitionRefused as exc:
                raise SimilarityRefused(exc.message) from None
    project.refresh_from_db()
    return row
