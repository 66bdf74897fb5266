"""Transition conditions. Each is a small named rule that can say why it fails, citing the
article it enforces (STYLE.md habit 1: the state machine is the only door; habit 2: rules live once).

A rule is a function ``project -> str | list[str] | None`` (the problems found) wrapped by
:func:`rule`, which makes it usable as a django-fsm condition (``rule(project) -> bool``).
"""

import unicodedata

from django.utils import timezone

from apps.organizations.models import OrganizationBan

from .choices import MetricDirection, TeamRole
from .numbers import plain_number
from .states import RUNNING_STATES, AwardLevel, State

# 第九条: states in which a project is with a recommending unit (submitted and not finished):
# those under way, except a returned application, which is back with the applicant.
WITH_A_UNIT = RUNNING_STATES - {State.RETURNED}


class Rule:
    def __init__(self, func):
        self.func = func
        self.__name__ = func.__name__
        self.__doc__ = func.__doc__

    def problems(self, project) -> list[str]:
        found = self.func(project)
        if not found:
            return []
        return [found] if isinstance(found, str) else list(found)

    def __call__(self, project) -> bool:
        return not self.problems(project)

    def __repr__(self):
        return f"<Rule {self.__name__}>"


def rule(func):
    return Rule(func)


def _today():
    return timezone.localdate()


def _d(day):
    return f"{day:%Y-%m-%d}"


@rule
def campaign_published(project):
    """第八条: work is done under a published work plan."""
    if not project.campaign.published:
        return f"根据第八条，{project.campaign.year}年度工作方案尚未发布，暂不能办理。"


@rule
def application_window_open(project):
    """第八条/第九条: submission only inside the campaign's application period."""
    c, today = project.campaign, _today()
    if today < c.application_opens:
        return f"根据{c.year}年度工作方案（第八条），申报自{_d(c.application_opens)}开始，尚未开始。"
    if today > c.application_closes:
        return f"根据{c.year}年度工作方案（第八条），申报已于{_d(c.application_closes)}截止。"


@rule
def not_banned(project):
    """第二十一条: no application for 5 years after an award obtained by fraud was revoked."""
    ban = OrganizationBan.objects.active_for(project.organization.credit_code)
    if ban:
        return ban.message


@rule
def results_not_banned(project):
    """第二十一条: a barred organisation's project already under way does not go on to results
    and their review either."""
    ban = OrganizationBan.objects.active_for(project.organization.credit_code)
    if ban:
        return ban.message.rstrip("。") + "，在办项目不能提交成果材料。"


# 第七条(二): each PDCA part has real content. A text that is only one of these stand-ins
# (compared after removing spaces and punctuation, case-insensitively), or only punctuation
# (—, -, /), is refused; so is a part shorter than PDCA_MIN_LENGTH characters, counting
# letters, digits and Chinese characters only: ten characters are about the shortest sentence
# that says what was done or found ("统计三个月返修数据" is 9).
PDCA_PLACEHOLDERS = frozenset({
    "无", "没有", "暂无", "略", "从略", "同上", "见上", "见附件", "详见附件", "见附表", "待补充", "待定", "空",
    "na", "none", "null", "nil", "tbd",
})
PDCA_MIN_LENGTH = 10


def _significant(text):
    """``text`` without whitespace, punctuation and symbols, case-folded."""
    return "".join(ch for ch in (text or "") if unicodedata.category(ch)[0] not in "PSZC").casefold()


def pdca_text_problem(text):
    """第七条(二): None when ``text`` is real content for a PDCA part, else what is wrong with
    it: ``"missing"``, ``"placeholder"`` or ``"short"``."""
    if not (text or "").strip():
        return "missing"
    core = _significant(text)
    if not core or core in PDCA_PLACEHOLDERS:
        return "placeholder"
    if len(core) < PDCA_MIN_LENGTH:
        return "short"
    return None


PDCA_PLACEHOLDER_MESSAGE = "根据第七条(二)，PDCA各部分须写明实际内容，不能以“无”“略”“同上”“见附件”等代替"
PDCA_SHORT_MESSAGE = f"根据第七条(二)，PDCA各部分至少须写{PDCA_MIN_LENGTH}个字（不计空格和标点）"


def metric_problem(metric):
    """第七条(三): a benefit metric's target improves on its baseline in its stated direction
    (越低越好: target below baseline; 越高越好: target above it). None when it does."""
    if metric.baseline is None or metric.target is None:
        return None
    lower = metric.direction == MetricDirection.LOWER
    if (metric.target < metric.baseline) if lower else (metric.target > metric.baseline):
        return None
    label = MetricDirection(metric.direction).label if metric.direction in MetricDirection.values else metric.direction
    return (
        f"根据第七条(三)，效益指标“{metric.name}”为{label}，目标值须{'低' if lower else '高'}于现状值"
        f"（现状值{plain_number(metric.baseline)}，目标值{plain_number(metric.target)}）"
    )


@rule
def application_complete(project):
    """第七条(二)(三), 第九条: the application is complete before it is submitted: every PDCA
    part with real content, at least one benefit area and one quantified metric, each metric
    improving in its stated direction."""
    found = {"missing": [], "placeholder": [], "short": []}
    for field in project.PDCA_FIELDS:
        problem = pdca_text_problem(getattr(project, field))
        if problem:
            found[problem].append(project._meta.get_field(field).verbose_name)
    problems = []
    if not project.title.strip():
        problems.append("请填写项目名称")
    if found["missing"]:
        problems.append("根据第七条(二)，PDCA各部分须填写完整，缺少：" + "、".join(found["missing"]))
    if found["placeholder"]:
        problems.append(PDCA_PLACEHOLDER_MESSAGE + "：" + "、".join(found["placeholder"]))
    if found["short"]:
        problems.append(PDCA_SHORT_MESSAGE + "：" + "、".join(found["short"]))
    if not project.benefit_areas:
        problems.append("根据第七条(三)，请至少选择一个预期效益方面")
    metrics = list(project.metrics.all())
    if not metrics:
        problems.append("根据第七条(三)，请至少填写一项可量化的效益指标（现状值→目标值）")
    problems.extend(problem for problem in map(metric_problem, metrics) if problem)
    roles = {m.role for m in project.team_members.all()}
    for role in (TeamRole.QUALITY_LEAD, TeamRole.PROJECT_LEAD):
        if role not in roles:
            problems.append(f"请填写项目团队的{role.label}（第十二条）")
    # Of the project's attachments as its metrics and team above: the page that shows these
    # problems has them loaded already; the transition door reads them with the locked row.
    if not any(attachment.kind == "application" for attachment in project.attachments.all()):
        problems.append("请上传立项申报材料附件（第九条）")
    if not project.recommender_id:
        problems.append("根据第九条，请选择推荐单位")
    return problems


@rule
def recommender_covers_applicant(project):
    """第六条/第九条: the application goes to a unit whose scope includes the organisation
    (its district's bureau, the department of its industry, or its group or association)."""
    from apps.recommenders.scope import covers, out_of_scope_message

    unit = project.recommender
    if unit is None:
        return None  # application_complete asks for a unit
    if not covers(unit, project.organization):
        return out_of_scope_message(unit, project.organization, article="第六条、第九条")


def _title_key(title):
    return _significant(title)


@rule
def not_with_another_unit(project):
    """第九条: a project has one recommending unit at a time; the organisation may not submit a
    copy of a project (same year, same title) already with another unit."""
    if not project.recommender_id:
        return None
    key = _title_key(project.title)
    others = (
        type(project)
        .objects.filter(campaign_id=project.campaign_id, organization_id=project.organization_id, state__in=WITH_A_UNIT)
        .exclude(pk=project.pk)
        .exclude(routed_to_id=project.recommender_id)
        .exclude(routed_to=None)
        .select_related("routed_to")
        .only("title", "routed_to__name")
    )
    for other in others:
        if _title_key(other.title) == key:
            return (
                f"根据第九条，本组织的项目“{other.title}”已提交至推荐单位“{other.routed_to.name}”，"
                "同一项目只能向一个推荐单位申报，不能再提交至其他推荐单位。"
            )


def _routed_unit_covers(project, article):
    from apps.recommenders.scope import covers, out_of_scope_message

    unit = project.routed_to or project.recommender
    if unit is not None and not covers(unit, project.organization):
        return out_of_scope_message(unit, project.organization, article=article)


@rule
def unit_covers_applicant(project):
    """第六条/第十条: a unit recommends only organisations within its scope."""
    return _routed_unit_covers(project, "第六条、第十条")


@rule
def unit_covers_results(project):
    """第六条/第十五条: a unit recommends results only of organisations within its scope."""
    return _routed_unit_covers(project, "第六条、第十五条")


@rule
def recommendation_window_open(project):
    """第十条: the recommender verifies and recommends before the campaign's deadline."""
    c = project.campaign
    if _today() > c.recommendation_closes:
        return f"根据{c.year}年度工作方案（第十条），推荐已于{_d(c.recommendation_closes)}截止。"


def _verification_problem(project, *, stage, decision, since, article, what):
    """第十条 / 第十五条: the latest verification record of this phase (made by the project's
    unit, for ``stage``, with ``decision``, at or after ``since`` — the submission it checked)
    confirms every checklist item of the stage."""
    from apps.recommenders.models import CHECKLIST, RecommenderVerification

    records = RecommenderVerification.objects.filter(
        project_id=project.pk, unit_id=project.recommender_id, stage=stage, decision=decision
    )
    if since is not None:
        records = records.filter(created_at__gte=since)
    latest = records.order_by("-created_at", "-pk").first()
    if latest is None:
        return f"根据{article}，推荐单位须先完成{what}核查清单并逐项确认，方可推荐。"
    unconfirmed = [code for code, _ in CHECKLIST[stage] if latest.answers.get(code) is not True]
    if unconfirmed:
        return f"根据{article}，推荐前须确认{what}核查清单的全部项目（尚有{len(unconfirmed)}项未确认）。"


@rule
def application_verified(project):
    """第十条: the unit recommends on a verification of this submission with every item confirmed."""
    return _verification_problem(
        project, stage="application", decision="recommend", since=project.submitted_at, article="第十条", what="申报材料完整性、真实性"
    )


@rule
def results_verified(project):
    """第十五条: the unit recommends results on an evaluation of this results submission with
    every item confirmed."""
    return _verification_problem(
        project, stage="results", decision="recommend_results", since=project.results_submitted_at, article="第十五条", what="成果评估"
    )


def _similarity_check(project):
    from .models import ProjectFingerprint

    return ProjectFingerprint.objects.filter(project_id=project.pk).first()


@rule
def similarity_acknowledged(project):
    """第七条(四): the unit sees a flagged duplicate check and acknowledges it before recommending."""
    from .similarity import stored_warnings

    check = _similarity_check(project)
    if check is None:
        return None
    if check.pending:
        return "根据第七条(四)，该项目正在查重（查重中…），查重完成后方可推荐。"
    if stored_warnings(check) and check.acknowledged_at is None:
        return "根据第七条(四)，查重发现该项目与往年项目相似，推荐单位须先确认已知悉查重结果，方可推荐。"


@rule
def similarity_cleared(project):
    """第七条(四): a flagged project is approved only after the commission has found it 不雷同
    or a 延续项目; found 雷同, it is rejected."""
    from .models import Finding
    from .similarity import latest_finding, stored_warnings

    check = _similarity_check(project)
    if check is None:
        return None
    if check.pending:
        return "根据第七条(四)，该项目正在查重（查重中…），查重完成后方可立项审核通过。"
    if not stored_warnings(check):
        return None
    finding = latest_finding(project, check)
    if finding is None:
        return "根据第七条(四)，查重发现该项目与往年项目相似，须先记录查重认定（不雷同、延续项目或雷同），方可立项审核通过。"
    if finding.finding == Finding.DUPLICATE:
        return "根据第七条(四)，该项目已认定与往年项目雷同，不能立项。"


@rule
def approval_window_open(project):
    """第十一条: 立项审核 before the campaign's deadline."""
    c = project.campaign
    if _today() > c.approval_closes:
        return f"根据{c.year}年度工作方案（第十一条），立项审核已于{_d(c.approval_closes)}截止。"


@rule
def results_window_open(project):
    """第十四条: results material before the campaign's deadline."""
    c = project.campaign
    if _today() > c.results_closes:
        return f"根据{c.year}年度工作方案（第十四条），成果材料提交已于{_d(c.results_closes)}截止。"


@rule
def results_complete(project):
    """第十四条: results material with the measured value of every metric."""
    problems = []
    if not (project.results_summary or "").strip():
        problems.append("根据第十四条，请填写成果总结")
    unmeasured = [m.name for m in project.metrics.all() if m.actual is None]
    if unmeasured:
        problems.append("根据第十四条，请填写以下指标的实际值：" + "、".join(unmeasured))
    if not any(attachment.kind == "results" for attachment in project.attachments.all()):
        problems.append("根据第十四条，请上传成果材料附件")
    return problems


@rule
def results_recommendation_window_open(project):
    """第十五条: results evaluated and recommended before the campaign's deadline."""
    c = project.campaign
    if _today() > c.results_recommendation_closes:
        return f"根据{c.year}年度工作方案（第十五条），成果推荐已于{_d(c.results_recommendation_closes)}截止。"


@rule
def review_window_open(project):
    """第十六条: panels review, and close, before the campaign's review deadline."""
    c = project.campaign
    if _today() > c.review_closes:
        return f"根据{c.year}年度工作方案（第十六条），评审已于{_d(c.review_closes)}截止。"


# The review app's values (apps.review: ReviewAssignment.Status, Score.Status, Panel.Status),
# read through the reverse relation so that projects does not import the review app.
ASSIGNMENT_ACTIVE, SCORE_SUBMITTED, PANEL_CLOSED = "active", "submitted", "closed"


@rule
def experts_assigned(project):
    """第十六条: a project goes to a panel with its experts drawn and assigned."""
    if not project.review_assignments.filter(status=ASSIGNMENT_ACTIVE).exists():
        return "根据第十六条，该项目尚未抽取分配评审专家，不能分配评审组"


@rule
def review_complete(project):
    """第十六条: the review of a project ends when every expert still assigned to it has
    submitted the score and the panel has closed."""
    active = project.review_assignments.filter(status=ASSIGNMENT_ACTIVE)
    total = active.count()
    if not total:
        return "根据第十六条，该项目没有评审专家，不能结束评审"
    problems = []
    submitted = active.filter(score__status=SCORE_SUBMITTED).count()
    if submitted < total:
        problems.append(f"根据第十六条，评审专家的评分尚未全部提交（已提交{submitted}份，共{total}份），不能结束评审")
    if active.exclude(panel__status=PANEL_CLOSED).exists():
        problems.append("根据第十六条，评审组尚未结束评审，不能结束该项目的评审")
    return problems


@rule
def organization_banned(project):
    """第二十一条: a project is halted only when its organisation is barred after a revocation."""
    if not OrganizationBan.objects.active_for(project.organization.credit_code):
        return "根据第二十一条，只有奖项被撤销、限制申报期内的组织的在办项目才终止"


@rule
def level_within_quota(project):
    """第四条: a level can be given only while the campaign's quota for it has room."""
    level = project.award_level
    if level not in AwardLevel.values:
        return "请先确定奖项等级（一等奖、二等奖或三等奖，第四条）"
    taken = (
        type(project)
        .objects.filter(campaign_id=project.campaign_id, award_level=level, state__in=["publicized", "awarded"])
        .exclude(pk=project.pk)
        .count()
    )
    return project.campaign.quota_problem(level, taken + 1)


@rule
def notice_period_over(project):
    """第十七条: the list is announced only after the public notice (公示) has ended."""
    if project.notice_ends_on is None:
        return "该项目尚未公示，公示期满后方可公布获奖名单（第十七条）"
    if _today() <= project.notice_ends_on:
        return f"公示期至{_d(project.notice_ends_on)}结束，公示期满后方可公布获奖名单（第十七条）。"


def unmet(conditions, project) -> list[str]:
    problems = []
    for condition in conditions:
        if isinstance(condition, Rule):
            problems.extend(condition.problems(project))
        elif not condition(project):
            problems.append(f"不满足条件：{getattr(condition, '__name__', condition)}")
    return problems
