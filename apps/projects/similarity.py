"""第七条(四): an application must not be the same as a project of an earlier year.

Chinese-text similarity by TF-IDF cosine over character bigrams (the usual unit of Chinese
retrieval: most words are two characters, and no dictionary is needed). Each submitted
project gets a stored fingerprint (:class:`~apps.projects.models.ProjectFingerprint`: its
hashed bigrams and their counts); every process keeps an inverted index of them in numpy
arrays, so a query against 15,000 earlier projects costs a few milliseconds
(``benchmarks/similarity.py``).

The inverse document frequency makes passages every application shares (the QC methods
vocabulary: 鱼骨图、5W1H、PDCA …) count little, and passages two projects share alone count
much: ``idf = ln((N + 1) / df)``.

Public API (used by 立项审核 as well): :func:`find_similar`, :class:`SimilarMatch`,
:func:`highlight_shared`, :func:`comparable_text`, :data:`WARNING_THRESHOLD`.
"""

from __future__ import annotations

import hashlib
import html
import threading
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import mark_safe

# Above this cosine score the applicant is warned and 立项审核 shows the match (第七条(四)).
WARNING_THRESHOLD = 0.5

BUCKET_BITS = 20  # 2^20 hashed bigram features; collisions are rare and harmless
N_BUCKETS = 1 << BUCKET_BITS
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing
_SHIFT = np.uint64(64 - BUCKET_BITS)
REBUILD_AFTER = 500  # fingerprints added since the last rebuild before the index is rebuilt
HIGHLIGHT_MIN_CHARS = 6  # a shared passage is at least this many characters long


@dataclass
class SimilarMatch:
    project: object  # apps.projects.models.Project
    score: float  # cosine similarity, 0..1


def comparable_text(project) -> str:
    """The text compared: the title and the PDCA sections (第七条(二)), one per line."""
    parts = [project.title or ""]
    parts += [getattr(project, name) or "" for name in project.PDCA_FIELDS]
    return "\n".join(p.strip() for p in parts if p and p.strip())


# ---- features ------------------------------------------------------------------------------


def _codepoints(text: str) -> np.ndarray:
    """Code points with every non-word character (punctuation, space) set to 0."""
    text = text.lower()
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    if cps.size == 0:
        return cps
    word = np.fromiter((ch.isalnum() for ch in text), dtype=bool, count=len(text))
    return np.where(word, cps, 0)


def features(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Hashed character bigrams of ``text`` (within runs of word characters) and their counts,
    as (sorted uint32 feature ids, uint16 counts)."""
    cps = _codepoints(text)
    if cps.size < 2:
        if cps.size == 1 and cps[0]:
            keys = cps
        else:
            return np.empty(0, np.uint32), np.empty(0, np.uint16)
    else:
        a, b = cps[:-1], cps[1:]
        keep = (a != 0) & (b != 0)
        keys = a[keep] * 0x110000 + b[keep]
    hashed = (keys.astype(np.uint64) * _MIX) >> _SHIFT
    ids, counts = np.unique(hashed.astype(np.uint32), return_counts=True)
    return ids, np.minimum(counts, 65535).astype(np.uint16)


def _tf_weight(counts: np.ndarray) -> np.ndarray:
    return (1.0 + np.log(counts.astype(np.float32))).astype(np.float32)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---- the in-memory index -----------------------------------------------------------------


class SimilarityIndex:
    """Inverted index over all fingerprints: a rebuilt ``base`` (feature-major CSR arrays
    with idf-weighted, normalised entries) plus a small ``delta`` of fingerprints stored
    since, scored directly. Kept per process and synchronised from the database before each
    query (one indexed query for fingerprints changed since the last look)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.synced_at = None
        self.base_projects = np.empty(0, np.int64)
        self.base_years = np.empty(0, np.int32)
        self.base_valid = np.empty(0, bool)
        self.base_pos = {}  # project id -> row in base
        self.ptr = np.zeros(N_BUCKETS + 1, np.int64)
        self.post_docs = np.empty(0, np.int32)
        self.post_w = np.empty(0, np.float32)
        self.base_df = np.zeros(N_BUCKETS, np.int32)
        self.delta = {}  # project id -> (year, ids, counts)
        self.delta_df = np.zeros(N_BUCKETS, np.int32)
        self.seen = {}  # project id -> updated_at of the fingerprint loaded

    # -- loading

    def reset(self):
        self.__init__()

    def sync(self):
        from .models import ProjectFingerprint

        now = timezone.now()
        if self.synced_at is None:
            rows = ProjectFingerprint.objects.values_list("project_id", "year", "features", "counts", "updated_at")
            self._rebuild([(pid, year, _ids(f), _counts(c)) for pid, year, f, c, _ in rows])
            self.seen = {row[0]: row[4] for row in rows}
            self.synced_at = now
            return
        # Overlap the window so a row committed late with an earlier timestamp is seen too;
        # only rows not seen in this version are loaded.
        recent = ProjectFingerprint.objects.filter(updated_at__gte=self.synced_at - timedelta(minutes=2))
        changed = [pid for pid, upd in recent.values_list("project_id", "updated_at") if self.seen.get(pid) != upd]
        if changed:
            rows = ProjectFingerprint.objects.filter(pk__in=changed).values_list(
                "project_id", "year", "features", "counts", "updated_at"
            )
            for pid, year, f, c, upd in rows:
                self._add_delta(pid, year, _ids(f), _counts(c))
                self.seen[pid] = upd
        if self.size() != ProjectFingerprint.objects.count():
            # Rows were deleted (a project removed): start again from the database.
            self.synced_at = None
            return self.sync()
        self.synced_at = now
        if len(self.delta) > REBUILD_AFTER:
            self.synced_at = None
            self.sync()

    def _add_delta(self, pid, year, ids, counts):
        old = self.delta.pop(pid, None)
        if old is not None:
            self.delta_df[old[1]] -= 1
        row = self.base_pos.get(pid)
        if row is not None:
            # The base row is superseded; its document frequencies stay counted until the next
            # rebuild (a negligible drift, and no per-document copy has to be kept in memory).
            self.base_valid[row] = False
        self.delta[pid] = (year, ids, counts)
        self.delta_df[ids] += 1

    def _rebuild(self, docs):
        n = len(docs)
        self.delta, self.delta_df = {}, np.zeros(N_BUCKETS, np.int32)
        self.base_projects = np.array([d[0] for d in docs], dtype=np.int64)
        self.base_years = np.array([d[1] for d in docs], dtype=np.int32)
        self.base_valid = np.ones(n, bool)
        self.base_pos = {pid: i for i, pid in enumerate(self.base_projects.tolist())}
        lengths = np.array([d[2].size for d in docs], dtype=np.int64)
        if n == 0 or lengths.sum() == 0:
            self.ptr = np.zeros(N_BUCKETS + 1, np.int64)
            self.post_docs, self.post_w = np.empty(0, np.int32), np.empty(0, np.float32)
            self.base_df = np.zeros(N_BUCKETS, np.int32)
            return
        feats = np.concatenate([d[2] for d in docs]).astype(np.int64)
        tfw = _tf_weight(np.concatenate([d[3] for d in docs]))
        doc_of = np.repeat(np.arange(n, dtype=np.int32), lengths)
        self.base_df = np.bincount(feats, minlength=N_BUCKETS).astype(np.int32)
        idf = _idf(self.base_df, n)
        w = tfw * idf[feats]
        norms = np.sqrt(np.bincount(doc_of, weights=(w.astype(np.float64) ** 2), minlength=n))
        norms[norms == 0] = 1.0
        w = (w / norms[doc_of]).astype(np.float32)
        order = np.argsort(feats, kind="stable")
        self.post_docs = doc_of[order]
        self.post_w = w[order]
        self.ptr = np.zeros(N_BUCKETS + 1, np.int64)
        np.cumsum(np.bincount(feats, minlength=N_BUCKETS), out=self.ptr[1:])

    # -- querying

    def size(self):
        return int(self.base_valid.sum()) + len(self.delta)

    def query(self, ids, counts, *, own_pid=None, max_year=None, limit=5):
        """(project id, score) of the best matches for a document given by its features."""
        # Superseded base rows still count in the document frequencies until the next rebuild,
        # so they count in N too (consistent idf; they are never returned).
        n = int(self.base_projects.size) + len(self.delta)
        own_indexed = own_pid is not None and (own_pid in self.delta or (own_pid in self.base_pos and self.base_valid[self.base_pos[own_pid]]))
        df = (self.base_df[ids] + self.delta_df[ids]).astype(np.float64)
        if not own_indexed:
            n += 1
            df += 1
        idf = np.log((n + 1) / np.maximum(df, 1))
        q = _tf_weight(counts) * idf
        norm = np.sqrt((q.astype(np.float64) ** 2).sum())
        if norm == 0 or ids.size == 0:
            return []
        q = (q / norm).astype(np.float32)

        results = {}
        # Base: gather the postings of the query's features and sum per document.
        if self.post_docs.size:
            starts, ends = self.ptr[ids], self.ptr[ids.astype(np.int64) + 1]
            lens = ends - starts
            total = int(lens.sum())
            if total:
                offsets = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(total)
                docs = self.post_docs[offsets]
                contrib = self.post_w[offsets] * np.repeat(q, lens)
                scores = np.bincount(docs, weights=contrib, minlength=self.base_projects.size)
                scores[~self.base_valid] = 0
                if max_year is not None:
                    scores[self.base_years > max_year] = 0
                if own_pid in self.base_pos:
                    scores[self.base_pos[own_pid]] = 0
                k = min(limit * 3 + 5, scores.size)
                top = np.argpartition(-scores, k - 1)[:k] if k < scores.size else np.arange(scores.size)
                for row in top:
                    if scores[row] > 0:
                        results[int(self.base_projects[row])] = float(scores[row])
        # Delta: few documents, scored one by one with the current idf.
        if self.delta:
            full_idf_df = self.base_df + self.delta_df
            for pid, (year, d_ids, d_counts) in self.delta.items():
                if pid == own_pid or (max_year is not None and year > max_year):
                    continue
                d_df = full_idf_df[d_ids].astype(np.float64) + (0 if own_indexed else 1)
                dw = _tf_weight(d_counts) * np.log((n + 1) / np.maximum(d_df, 1))
                dn = np.sqrt((dw.astype(np.float64) ** 2).sum())
                if dn == 0:
                    continue
                common, qi, di = np.intersect1d(ids, d_ids, assume_unique=True, return_indices=True)
                if common.size:
                    results[pid] = float((q[qi] * dw[di]).sum() / dn)
        ranked = sorted(results.items(), key=lambda kv: -kv[1])
        return [(pid, min(1.0, score)) for pid, score in ranked]


def _idf(df, n):
    with np.errstate(divide="ignore"):
        return np.where(df > 0, np.log((n + 1) / np.maximum(df, 1)), 0).astype(np.float32)


def _ids(raw):
    return np.frombuffer(bytes(raw), dtype=np.uint32)


def _counts(raw):
    return np.frombuffer(bytes(raw), dtype=np.uint16)


_index = SimilarityIndex()


def get_index() -> SimilarityIndex:
    with _index.lock:
        _index.sync()
    return _index


def reset_index():
    """Forget the in-memory index (tests: the database was rolled back)."""
    with _index.lock:
        _index.reset()


# ---- the public API -------------------------------------------------------------------------


def find_similar(project, *, limit=5) -> list[SimilarMatch]:
    """第七条(四): the projects of earlier campaigns and the others of the same year most similar
    to ``project`` (itself and the same year's drafts excluded), best first."""
    from .models import Project
    from .states import State

    text = comparable_text(project)
    ids, counts = features(text)
    year = project.campaign.year
    index = get_index()
    with index.lock:
        ranked = index.query(ids, counts, own_pid=project.pk, max_year=year, limit=limit)
    ranked = [(pid, score) for pid, score in ranked if score > 0.01][: limit * 3]
    if not ranked:
        return []
    candidates = (
        Project.objects.with_list_data()
        .filter(pk__in=[pid for pid, _ in ranked], campaign__year__lte=year)
        .exclude(pk=project.pk)
        .exclude(campaign__year=year, state=State.DRAFT)
    )
    by_pk = {p.pk: p for p in candidates}
    return [SimilarMatch(project=by_pk[pid], score=round(score, 4)) for pid, score in ranked if pid in by_pk][:limit]


def store_fingerprint(project):
    """Compute and store the fingerprint of ``project``'s current text (on submission)."""
    from .models import ProjectFingerprint

    text = comparable_text(project)
    ids, counts = features(text)
    fp, _ = ProjectFingerprint.objects.update_or_create(
        project=project,
        defaults={
            "year": project.campaign.year,
            "text_hash": text_hash(text),
            "features": ids.tobytes(),
            "counts": counts.tobytes(),
        },
    )
    return fp


def _record(fp, matches):
    fp.matches = [
        {"project": m.project.pk, "number": m.project.number, "title": m.project.title, "score": m.score} for m in matches
    ]
    fp.max_score = max((m.score for m in matches), default=0.0)
    fp.checked_at = timezone.now()
    fp.save(update_fields=["matches", "max_score", "checked_at", "updated_at"])


def recheck(projects):
    """Fingerprint ``projects`` first, then check each against all the others: the result does
    not depend on the order they were submitted in (imports of earlier years, demo data)."""
    projects = list(projects)
    fingerprints = {p.pk: store_fingerprint(p) for p in projects}
    for project in projects:
        _record(fingerprints[project.pk], find_similar(project, limit=5))
    return len(projects)


def check_on_submit(project):
    """第七条(四), on (re)submission: fingerprint the project, look for similar projects and keep
    the result for 立项审核. The submission goes through regardless; returns the matches
    above :data:`WARNING_THRESHOLD` (what the applicant is warned about), as the dicts of
    :func:`stored_warnings` whether freshly checked or already recorded. Idempotent."""
    from .models import ProjectFingerprint

    text = comparable_text(project)
    existing = ProjectFingerprint.objects.filter(project=project).first()
    if (
        existing is not None
        and existing.text_hash == text_hash(text)
        and existing.checked_at is not None
        and (project.submitted_at is None or existing.checked_at >= project.submitted_at)
    ):
        return stored_warnings(existing)
    with transaction.atomic():
        fp = store_fingerprint(project)
        matches = find_similar(project, limit=5)
        _record(fp, matches)
    return stored_warnings(fp)


def stored_warnings(fingerprint) -> list[dict]:
    """The matches above the threshold recorded at the last submission (dicts with project,
    number, title, score)."""
    return [m for m in (fingerprint.matches or []) if m.get("score", 0) >= WARNING_THRESHOLD]


# ---- showing shared passages -------------------------------------------------------------


def _shared_mask(text, other_grams, k):
    mask = [False] * len(text)
    for i in range(len(text) - k + 1):
        if text[i : i + k] in other_grams:
            for j in range(i, i + k):
                mask[j] = True
    return mask


def _grams(text, k):
    return {text[i : i + k] for i in range(len(text) - k + 1)}


def _wrap(text, mask):
    out, run, marked = [], [], False
    for ch, m in zip(text, mask):
        if m != marked and run:
            chunk = html.escape("".join(run))
            out.append(f"<mark>{chunk}</mark>" if marked else chunk)
            run = []
        marked = m
        run.append(ch)
    if run:
        chunk = html.escape("".join(run))
        out.append(f"<mark>{chunk}</mark>" if marked else chunk)
    return "".join(out)


def highlight_shared(text_a: str, text_b: str) -> tuple[str, str]:
    """Both texts HTML-escaped, with every passage of at least :data:`HIGHLIGHT_MIN_CHARS`
    characters that occurs in both wrapped in ``<mark>`` (order-independent: a moved paragraph
    is found too). Newlines are kept; show them with ``white-space: pre-wrap``."""
    text_a, text_b = text_a or "", text_b or ""
    k = HIGHLIGHT_MIN_CHARS
    grams_a, grams_b = _grams(text_a, k), _grams(text_b, k)
    a = _wrap(text_a, _shared_mask(text_a, grams_b, k))
    b = _wrap(text_b, _shared_mask(text_b, grams_a, k))
    return mark_safe(a), mark_safe(b)
