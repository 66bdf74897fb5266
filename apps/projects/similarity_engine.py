"""第七条(四): the pairwise score of the duplicate check.

``score(a, b)`` compares two applications and nothing else: no corpus statistics, no state, so
the same two projects always get the same score whatever else is stored and in whatever order
it was stored. The signals are those rewording leaves in place:

* ``figures``  the numbers with their units (现状值、目标值、实际值 of the metrics and the figures
  written in the text: 3.2%、45L/min、1200ppm …);
* ``metric_values``  the metrics whose name matches and whose baseline and target are the same
  (a continuation keeps the metric names but has new targets);
* ``metric_names``  how alike the metrics' names are;
* ``sections``  section against section (P against P, D against D, C against C, A against A,
  results against results): containment of character 2-, 3- and 4-grams, and ``section_max``,
  the best single section (a copied section stands out);
* ``terms``  the rare domain terms shared over the whole text: 4-grams once the QC vocabulary
  every application uses (:data:`COMMON_TERMS`, shipped with the code) is blanked out;
* ``title``  the titles' edit similarity.

They are combined by a logistic function with fixed coefficients (:data:`WEIGHTS`, fitted on the
labelled evaluation set ``tests/projects/similarity_eval/pairs.json`` by
``benchmarks/similarity_eval.py --fit``), so the score reads as the likelihood of 雷同 and
:data:`THRESHOLD` is where the commission has to look. Pure Python plus rapidfuzz: nothing is
held in memory between checks.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rapidfuzz import fuzz

# The PDCA parts compared with each other, and the fields of each (第七条(二), 第十四条).
SECTIONS = {
    "P": ["plan_reason", "plan_current_state", "plan_goal", "plan_cause_analysis", "plan_countermeasures"],
    "D": ["do_implementation"],
    "C": ["check_method"],
    "A": ["act_standardisation", "act_summary"],
    "R": ["results_summary"],
}
TEXT_FIELDS = [f for fields in SECTIONS.values() for f in fields]
GRAM_SIZES = (2, 3, 4)
MIN_SECTION_CHARS = 30  # a field shorter than this is not compared on its own (section_max)

# The vocabulary of quality-improvement methods every application uses: blanked before the
# n-grams are taken, so sharing it says nothing. A fixed list, not corpus statistics.
COMMON_TERMS = sorted(
    {
        "质量攻关", "攻关小组", "质量管理", "全面质量管理", "pdca", "qc小组", "鱼骨图", "因果图", "排列图", "帕累托图",
        "关联图", "系统图", "矩阵图", "树图", "亲和图", "头脑风暴", "5w1h", "5why", "故障树", "fmea", "spc", "控制图",
        "直方图", "散布图", "检查表", "调查表", "分层法", "正交试验", "试验设计", "过程能力指数", "cpk", "六西格玛",
        "人机料法环测", "人、机、料、法、环、测", "人员", "设备", "物料", "方法", "环境", "测量", "末端因素", "主要原因",
        "要因确认", "现场验证", "现场调查", "现状调查", "选择课题理由", "设定目标", "目标值", "现状值", "实际值",
        "原因分析", "制定对策", "对策表", "对策实施", "效果检查", "巩固措施", "标准化", "作业指导书", "操作规程",
        "工艺规程", "管理制度", "岗位", "培训", "考核", "点检", "预防性维护", "不合格率", "合格率", "一次合格率",
        "返修率", "缺陷率", "质量损失", "经济效益", "客户投诉", "客户满意度", "下一步", "推广", "总结", "持续改进",
        "取得成效", "基本解决", "明显改善", "得到控制", "同比", "环比", "统计", "分析", "确认", "实施", "验证",
        "修订", "纳入", "建立", "完成", "开展", "提高", "降低", "缩短", "减少", "提升", "优化", "改进", "攻关",
    },
    key=len,
    reverse=True,
)
_COMMON_RE = re.compile("|".join(re.escape(t) for t in COMMON_TERMS))
_NON_WORD_RE = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_COMPANY_SUFFIX_RE = re.compile(r"(股份有限公司|有限责任公司|有限公司|集团|公司)$")

# Figures: a number and the unit written after it. Dates (2024年、7月) and ordinals are not figures.
_UNITS = (
    "%|‰|ppm|kwh/t|kwh|kw·h|mpa|kpa|mm/min|l/min|m/s|mm|μm|um|cm|km|kg|kg/h|t/h|"
    "万元/年|万元|元|吨/吨|吨/月|吨|小时/套|小时/批|小时|分钟|秒|天|次/年|次/月|次/批|次/min|次|件/月|件|套|批/年|批|块|"
    "台|个|℃|倍|人|项|片|袋|卷|米|公里|mw|kv|l|t|h|s|m|g"
)
_FIGURE_RE = re.compile(r"(?<![0-9.a-z第])(\d+(?:\.\d+)?)\s*(" + _UNITS + r")?(?![a-z])")
_NOT_A_FIGURE_AFTER = tuple("年月日号期季至")

# Logistic coefficients over the signals (see the module docstring) and the flag threshold.
WEIGHTS = {
    "bias": -4.2,
    "figures": 1.3,
    "metric_values": 0.6,
    "metric_names": 0.3,
    "sections": 1.6,
    "section_max": 5.3,
    "terms": 1.4,
    "title": 0.3,
}
THRESHOLD = 0.5


@dataclass(frozen=True)
class Metric:
    name: str
    unit: str
    baseline: str
    target: str
    actual: str | None = None


@dataclass(frozen=True)
class Document:
    """What the check compares of an application: its title, its company (blanked out of the
    text, so a changed company name changes nothing), the PDCA and results texts, the metrics."""

    title: str
    company: str
    texts: dict
    metrics: tuple = ()


@dataclass
class Features:
    title: str
    grams: dict  # field -> set of 2/3/4-grams
    section_grams: dict  # "P"/"D"/… -> set
    section_chars: dict  # "P"/"D"/… -> chars of comparable text
    field_chars: dict
    all_grams: frozenset
    terms: frozenset  # 4-grams of the whole text
    figures: frozenset
    metrics: tuple  # (normalised name, baseline, target)
    sketch: frozenset = field(default=frozenset())


def number(value) -> str | None:
    """A figure's canonical spelling: 3.20 -> "3.2", 45.0 -> "45"."""
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    d = d.normalize()
    text = format(d, "f")
    return text


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def company_variants(company: str) -> list[str]:
    name = _nfkc(company).strip()
    if not name:
        return []
    short = _COMPANY_SUFFIX_RE.sub("", name)
    short = re.sub(r"^天津(市)?", "", short)
    return sorted({v for v in (name, short) if len(v) >= 2}, key=len, reverse=True)


def comparable(text: str, companies=()) -> str:
    """Lower-case NFKC text with the company's name and the common QC vocabulary blanked and
    every run of non-word characters made one separator ``|``."""
    text = _nfkc(text)
    for name in companies:
        text = text.replace(name, "|")
    text = _COMMON_RE.sub("|", text)
    return _NON_WORD_RE.sub("|", text)


def grams(text: str, sizes=GRAM_SIZES) -> set:
    out = set()
    for run in text.split("|"):
        n = len(run)
        for k in sizes:
            for i in range(n - k + 1):
                out.add(run[i : i + k])
    return out


def figures(text: str) -> set:
    text = _nfkc(text)
    found = set()
    for m in _FIGURE_RE.finditer(text):
        value, unit = m.group(1), m.group(2) or ""
        after = text[m.end() : m.end() + 1]
        if not unit and after.startswith(_NOT_A_FIGURE_AFTER):
            continue
        if not unit and "." not in value and int(value) < 10:
            continue  # 3项、第2阶段: small counts say little
        canon = number(value)
        if canon is not None:
            found.add(canon + unit)
    return found


def features(doc: Document) -> Features:
    companies = company_variants(doc.company)
    per_field, chars = {}, {}
    for name in TEXT_FIELDS:
        text = comparable(doc.texts.get(name) or "", companies)
        per_field[name] = grams(text)
        chars[name] = len(text.replace("|", ""))
    section_grams, section_chars = {}, {}
    for section, names in SECTIONS.items():
        section_grams[section] = set().union(*(per_field[n] for n in names))
        section_chars[section] = sum(chars[n] for n in names)
    whole = " ".join(doc.texts.get(n) or "" for n in TEXT_FIELDS)
    comparable_whole = comparable(whole, companies)
    figs = figures(whole)
    metrics = []
    for m in doc.metrics:
        unit = _nfkc(m.unit).strip()
        values = [number(v) for v in (m.baseline, m.target, m.actual) if v not in (None, "")]
        figs.update(v + unit for v in values if v is not None)
        metrics.append((_nfkc(m.name).strip(), number(m.baseline), number(m.target)))
    title = comparable(doc.title, companies).replace("|", "")
    return Features(
        title=title,
        grams=per_field,
        section_grams=section_grams,
        section_chars=section_chars,
        field_chars=chars,
        all_grams=frozenset().union(*per_field.values()),
        terms=frozenset(grams(comparable_whole, (4,))),
        figures=frozenset(figs),
        metrics=tuple(metrics),
    )


def _containment(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def signals(a: Features, b: Features) -> dict:
    """Each signal in 0..1 for the pair (symmetric)."""
    out = {}
    small = min(len(a.figures), len(b.figures))
    out["figures"] = len(a.figures & b.figures) / (small + 2) if small else 0.0

    def metric_match(x, y):
        return fuzz.ratio(x[0], y[0]) / 100

    if a.metrics and b.metrics:
        # Each metric of the project with fewer metrics against its best match in the other
        # (both ways when they have as many: the signal is symmetric).
        directions = [(a.metrics, b.metrics), (b.metrics, a.metrics)]
        if len(a.metrics) != len(b.metrics):
            directions = [min(directions, key=lambda d: len(d[0]))]
        names = values_ = 0.0
        for fewer, more in directions:
            names += sum(max(metric_match(m, o) for o in more) for m in fewer) / len(fewer)
            values_ += sum(
                any(metric_match(m, o) >= 0.6 and m[1] == o[1] and m[2] == o[2] for o in more) for m in fewer
            ) / len(fewer)
        out["metric_names"] = names / len(directions)
        out["metric_values"] = values_ / len(directions)
    else:
        out["metric_names"] = out["metric_values"] = 0.0

    total = weight = 0.0
    for section in SECTIONS:
        size = min(a.section_chars[section], b.section_chars[section])
        if size < MIN_SECTION_CHARS:
            continue
        total += size * _containment(a.section_grams[section], b.section_grams[section])
        weight += size
    out["sections"] = total / weight if weight else 0.0
    best = 0.0
    for name in TEXT_FIELDS:
        if min(a.field_chars[name], b.field_chars[name]) >= MIN_SECTION_CHARS:
            best = max(best, _jaccard(a.grams[name], b.grams[name]))
    out["section_max"] = best
    out["terms"] = _containment(set(a.terms), set(b.terms))
    out["title"] = fuzz.ratio(a.title, b.title) / 100 if a.title and b.title else 0.0
    return out


def combine(values: dict, weights=None) -> float:
    weights = weights or WEIGHTS
    z = weights["bias"] + sum(weights[k] * values[k] for k in values)
    return 1.0 / (1.0 + math.exp(-z))


def score(a: Features, b: Features) -> float:
    """The calibrated score of the pair, 0..1, rounded to 4 places (stable to print and store)."""
    return round(combine(signals(a, b)), 4)


# ---- candidate search ------------------------------------------------------------------------

SKETCH_PER_FIELD = 12  # the smallest hashes of each field's 3-grams


def _hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def sketch(doc_features: Features) -> set:
    """The hashes stored for candidate search: every figure (tagged ``#``) and, per field, the
    :data:`SKETCH_PER_FIELD` smallest hashes of its 3-grams (a bottom-k MinHash sketch: two fields
    sharing most 3-grams share most of these). Deterministic (CRC-32, not Python's salted hash)."""
    out = {_hash("#" + f) for f in doc_features.figures}
    for name in TEXT_FIELDS:
        tri = sorted(_hash(g) for g in doc_features.grams[name] if len(g) == 3)
        out.update(tri[:SKETCH_PER_FIELD])
    tri = sorted(_hash(g) for g in grams(doc_features.title, (3,)))
    out.update(tri[:SKETCH_PER_FIELD])
    return out
