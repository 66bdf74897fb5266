from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from apps.campaigns.models import ProjectType

from apps.core.exceptions import Refusal
from apps.core.labels import ChoiceLabels

from .. import policy
from .. import rules
from ..choices import BenefitArea, Category
from ..states import RUNNING_STATES, AwardLevel, State
from .commitment import COMMITMENT_NEEDED, record_commitment

S = State

REVOCATION_NEEDED = "根据第二十一条，撤销奖项须有撤销记录：撤销理由和证据材料，请在获奖名单的撤销页面办理。"
VERIFICATION_APPLICATION = "推荐单位的核查清单（第十条），请在推荐单位审核页面办理"
VERIFICATION_RESULTS = "推荐单位的成果评估核查清单（第十五条），请在推荐单位审核页面办理"


def _meta(label, article, comment_required=False, style="primary", needs="", requires=()):
    """What a transition shows and asks. ``needs`` says, in Chinese, what it needs beyond a
    comment (such a transition is done on its own screen or by a service, never through the
    generic action URL); ``requires`` names the arguments the transition door insists on."""
    return {
        "label": label,
        "article": article,
        "comment_required": comment_required,
        "style": style,
        "needs": needs,
        "requires": tuple(requires),
    }


# The application's long texts: a list shows none of them (about 2 KB a row).
LONG_TEXT_FIELDS = (
    "plan_reason", "plan_current_state", "plan_goal", "plan_cause_analysis", "plan_countermeasures",
    "do_implementation", "check_method", "act_standardisation", "act_summary",
    "recommender_opinion", "results_summary", "results_opinion",
)


class ProjectQuerySet(models.QuerySet):
    def with_list_data(self):
        return self.select_related("campaign", "organization", "recommender")

    def for_lists(self, *shown):
        """A list's rows: the related names it shows, without the long texts (but ``shown``)."""
        return self.with_list_data().showing(*shown)

    def for_rows(self, *, keys_first=True):
        """The plain project rows of the project list, the unit's inbox and the workbench: the
        columns they show (number, title, organisation, its district and industry, unit,
        state, times) as :class:`apps.projects.rows.ProjectRow` objects, not the whole of the
        project, its year, organisation and unit as model instances. Filter and order before
        or after; nothing loads a field a row does not hold. A page is read keys first
        (:func:`apps.projects.rows.keys_first`) unless ``keys_first`` is False."""
        from ..rows import PlainProjectRowIterable, ProjectRowIterable

        rows = self._chain()
        rows._iterable_class = ProjectRowIterable if keys_first else PlainProjectRowIterable
        return rows

    def showing(self, *shown):
        """Of the long texts, load only ``shown`` (a deferred one read per row costs queries)."""
        return self.defer(None).defer(*(name for name in LONG_TEXT_FIELDS if name not in shown))


class Project(ChoiceLabels, ConcurrentTransitionMixin, models.Model):
    """A quality-tackling project from application to award.

    ``state`` changes only through the transition methods below (django-fsm-2, protected
    field); call them through :func:`apps.projects.services.transition`, which locks the row,
    checks permission and conditions, saves and writes the log in one transaction."""

    PDCA_FIELDS = [
        "plan_reason",
        "plan_current_state",
        "plan_goal",
        "plan_cause_analysis",
        "plan_countermeasures",
        "do_implementation",
        "check_method",
        "act_standardisation",
        "act_summary",
    ]

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name="年度", on_delete=models.PROTECT, related_name="projects"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name="申报组织", on_delete=models.PROTECT, related_name="projects"
    )
    recommender = models.ForeignKey(
        "recommenders.RecommenderUnit",
        verbose_name="推荐单位（第九条）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    # 第九条: the unit the application was last (re)submitted to; it sees the project. Set only
    # by submit and resubmit, so changing ``recommender`` on a returned draft moves nothing
    # until the applicant resubmits, and an unsubmitted draft stays the organisation's own.
    routed_to = models.ForeignKey(
        "recommenders.RecommenderUnit",
        verbose_name="已提交至推荐单位",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="routed_projects",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = FSMField("状态", default=S.DRAFT, choices=S.choices, protected=True, db_index=True)

    title = models.CharField("项目名称", max_length=200)
    category = models.CharField("攻关方向（第二条）", max_length=20, choices=Category.choices, default=Category.PROCESS)
    project_type = models.CharField(
        "成果类型", max_length=20, choices=ProjectType.choices, default=ProjectType.PROBLEM_SOLVING
    )
    benefit_areas = models.JSONField("预期效益方面（第七条(三)）", default=list, blank=True)

    # 第七条(二): the application follows the PDCA cycle.
    plan_reason = models.TextField("选择课题理由（P）", blank=True)
    plan_current_state = models.TextField("现状调查（P）", blank=True)
    plan_goal = models.TextField("设定目标（P）", blank=True)
    plan_cause_analysis = models.TextField("原因分析与主要原因（P）", blank=True)
    plan_countermeasures = models.TextField("制定对策（P）", blank=True)
    do_implementation = models.TextField("对策实施计划（D）", blank=True)
    check_method = models.TextField("效果检查方法（C）", blank=True)
    act_standardisation = models.TextField("巩固措施与标准化（A）", blank=True)
    act_summary = models.TextField("总结和下一步打算（A）", blank=True)

    has_patent = models.BooleanField("有专利", default=False)
    has_software_copyright = models.BooleanField("有软件著作权", default=False)
    has_tech_appraisal = models.BooleanField("有科技成果鉴定", default=False)
    has_standard = models.BooleanField("形成标准", default=False)

    recommender_opinion = models.TextField("推荐意见（第十条）", blank=True)
    results_summary = models.TextField("成果总结（第十四条）", blank=True)
    results_opinion = models.TextField("成果评估意见（第十五条）", blank=True)

    award_level = models.CharField("奖项等级", max_length=10, choices=AwardLevel.choices, blank=True)
    notice_ends_on = models.DateField("公示截止日期", null=True, blank=True)

    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    results_submitted_at = models.DateTimeField("成果提交时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # 第十三条: the day of the project's latest tracking visit, None before the first. Kept by
    # apps.training.receivers from the visits themselves (each visit saved or deleted, through
    # any door), so the tracking list orders a year's plan by it without reading every
    # project's visits.
    last_visit_on = models.DateField("最近一次跟踪服务日期", null=True, blank=True, editable=False)
    # Title, organisation, credit code, team names and PDCA text in one column (apps/projects/search.py).
    search_text = models.TextField("检索文本", blank=True, default="", editable=False)

    objects = ProjectQuerySet.as_manager()
    # Every save keeps a version (who, when, every field), so a resubmission can be compared.
    history = HistoricalRecords(verbose_name="项目版本", excluded_fields=["updated_at", "search_text", "last_visit_on"])

    class Meta:
        verbose_name = "质量攻关项目"
        verbose_name_plural = "质量攻关项目"
        ordering = ["-created_at"]
        permissions = [
            ("recommend_project", "推荐单位审核、推荐项目"),
            ("review_project", "专家评审项目"),
        ]
        indexes = [
            # A year's projects in one state, oldest submission first: the approval queue
            # (第十一条); its prefix (campaign, state) serves every per-state count and list.
            # With the organisation and the last visit carried along, the tracking list (第十三条)
            # orders a year's plan by its last visit and organisation from the index alone,
            # without reading two thousand rows.
            models.Index(
                fields=["campaign", "state", "submitted_at", "id"],
                include=["organization", "last_visit_on"],
                name="project_state_queue_idx",
            ),
            # A year's projects tallied by unit (the campaign dashboard): read from the index
            # alone, not from three thousand rows of the table (the tally by organisation reads
            # the index above).
            models.Index(fields=["campaign", "state"], include=["recommender", "id"], name="project_campaign_unit_idx"),
            # The staff project list filtered by year, newest first.
            models.Index(fields=["campaign", "-created_at", "-id"], name="project_campaign_recent_idx"),
            # The unit's inbox (newest submission first) and its workbench (newest first).
            models.Index(fields=["routed_to", "-submitted_at", "-id"], name="project_routed_inbox_idx"),
            models.Index(fields=["routed_to", "-created_at"], name="project_routed_recent_idx"),
            # A unit's projects within its scope (第六条): the organisations in scope are found
            # first, then each one's projects routed to the unit, not every project routed to it.
            # With what the unit's lists filter, count and order by carried along, a page's keys
            # (apps.projects.rows.keys_first) and the inbox's counts by state are read from the
            # index alone; only the page's rows are read from the table.
            models.Index(
                fields=["routed_to", "organization"],
                include=["recommender", "state", "created_at", "submitted_at", "id"],
                name="project_routed_cover_idx",
            ),
            # The applicant organisation's lists.
            models.Index(fields=["organization", "-created_at"], name="project_org_recent_idx"),
            # The staff workbench: submitted projects, newest first.
            models.Index(fields=["-created_at"], name="project_recent_idx", condition=models.Q(submitted_at__isnull=False)),
        ]

    def __str__(self):
        return self.title or f"项目#{self.pk}"

    def save(self, *args, **kwargs):
        from ..search import search_document

        self.search_text = search_document(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def number(self):
        return self.number_of(self.campaign.year, self.pk)

    @staticmethod
    def number_of(year, pk):
        """The project number from the campaign's year and the key, for rows read as values."""
        return f"ZLGG{year}{pk:05d}" if pk else "—"

    def get_benefit_areas_display(self):
        labels = dict(BenefitArea.choices)
        return "、".join(labels.get(a, a) for a in self.benefit_areas)

    # ---- the lifecycle (DESIGN.md §2) ---------------------------------------------------

    @transition(
        field=state,
        source=S.DRAFT,
        target=S.SUBMITTED,
        conditions=[
            rules.campaign_published, rules.application_window_open, rules.not_banned, rules.application_complete,
            rules.recommender_covers_applicant, rules.not_with_another_unit,
        ],
        permission=policy.may_fire("submit"),
        custom=_meta("提交申报", "第九条", needs=COMMITMENT_NEEDED, requires=("commitment",)),
    )
    def submit(self, actor=None, **context):
        """第九条: the applicant submits the application to the chosen recommender, confirming
        the authenticity commitment (第二十一条)."""
        self.submitted_at = timezone.now()
        self.routed_to_id = self.recommender_id
        record_commitment(self, "submit", actor)

    @transition(
        field=state,
        source=S.RETURNED,
        target=S.SUBMITTED,
        conditions=[
            rules.campaign_published, rules.application_window_open, rules.not_banned, rules.application_complete,
            rules.recommender_covers_applicant, rules.not_with_another_unit,
        ],
        permission=policy.may_fire("resubmit"),
        custom=_meta("修改后重新提交", "第九条", needs=COMMITMENT_NEEDED, requires=("commitment",)),
    )
    def resubmit(self, actor=None, **context):
        """第九条: after a return, the applicant submits the corrected application, possibly to
        another unit; the unit it was routed to before stops seeing it. The authenticity
        commitment is confirmed again (第二十一条)."""
        self.submitted_at = timezone.now()
        self.routed_to_id = self.recommender_id
        record_commitment(self, "resubmit", actor)

    @transition(
        field=state,
        source=[S.DRAFT, S.SUBMITTED, S.RETURNED],
        target=S.WITHDRAWN,
        permission=policy.may_fire("withdraw"),
        custom=_meta("撤回申报", "第三条", style="secondary"),
    )
    def withdraw(self, **context):
        """第三条: participation is voluntary; the applicant may withdraw before recommendation."""

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.RECOMMENDED,
        conditions=[rules.recommendation_window_open, rules.unit_covers_applicant, rules.similarity_acknowledged, rules.application_verified],
        permission=policy.may_fire("recommend"),
        custom=_meta("推荐", "第十条", comment_required=True, style="success", needs=VERIFICATION_APPLICATION),
    )
    def recommend(self, comment="", **context):
        """第十条: the recommender verified completeness and authenticity and endorses it."""
        self.recommender_opinion = comment

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.NOT_RECOMMENDED,
        conditions=[rules.recommendation_window_open],
        permission=policy.may_fire("decline"),
        custom=_meta("不予推荐", "第十条", comment_required=True, style="danger", needs=VERIFICATION_APPLICATION),
    )
    def decline(self, comment="", **context):
        """第十条: the recommender does not endorse the application."""
        self.recommender_opinion = comment

    @transition(
        field=state,
        source=[S.SUBMITTED, S.RECOMMENDED],
        target=S.RETURNED,
        permission=policy.may_fire("return_to_applicant"),
        custom=_meta("退回修改", "第十条、第十一条", comment_required=True, style="warning"),
    )
    def return_to_applicant(self, **context):
        """第十条/第十一条: returned with reasons by the recommender (from submitted) or the
        commission (from recommended)."""

    @transition(
        field=state,
        source=S.RECOMMENDED,
        target=S.APPROVED,
        conditions=[rules.approval_window_open, rules.similarity_cleared],
        permission=policy.may_fire("approve"),
        custom=_meta("立项审核通过", "第十一条", style="success"),
    )
    def approve(self, **context):
        """第十一条: the commission finds the application complete and conforming."""

    @transition(
        field=state,
        source=S.RECOMMENDED,
        target=S.REJECTED,
        conditions=[rules.approval_window_open],
        permission=policy.may_fire("reject"),
        custom=_meta("立项审核不通过", "第十一条", comment_required=True, style="danger"),
    )
    def reject(self, **context):
        """第十一条: the application does not pass 立项审核."""

    @transition(
        field=state,
        source=S.APPROVED,
        target=S.IN_PROGRESS,
        permission=policy.may_fire("publish_plan"),
        custom=_meta("列入项目计划并公布", "第十一条", needs="年度项目计划一并公布（第十一条），请在立项审核页面办理"),
    )
    def publish_plan(self, **context):
        """第十一条: approved projects enter the published project plan."""

    @transition(
        field=state,
        source=S.IN_PROGRESS,
        target=S.RESULTS_SUBMITTED,
        conditions=[rules.results_window_open, rules.results_not_banned, rules.results_complete],
        permission=policy.may_fire("submit_results"),
        custom=_meta("提交成果材料", "第十四条", needs=COMMITMENT_NEEDED, requires=("commitment",)),
    )
    def submit_results(self, actor=None, **context):
        """第十四条: the applicant submits the results material to its recommender, confirming
        the authenticity commitment (第二十一条)."""
        self.results_submitted_at = timezone.now()
        record_commitment(self, "submit_results", actor)

    @transition(
        field=state,
        source=S.RESULTS_SUBMITTED,
        target=S.RESULTS_RECOMMENDED,
        conditions=[rules.results_recommendation_window_open, rules.unit_covers_results, rules.results_verified],
        permission=policy.may_fire("recommend_results"),
        custom=_meta("推荐成果", "第十五条", comment_required=True, style="success", needs=VERIFICATION_RESULTS),
    )
    def recommend_results(self, comment="", **context):
        """第十五条: the recommender finds the results effective and recommends them."""
        self.results_opinion = comment

    @transition(
        field=state,
        source=S.RESULTS_SUBMITTED,
        target=S.RESULTS_NOT_RECOMMENDED,
        conditions=[rules.results_recommendation_window_open],
        permission=policy.may_fire("decline_results"),
        custom=_meta("成果不予推荐", "第十五条", comment_required=True, style="danger", needs=VERIFICATION_RESULTS),
    )
    def decline_results(self, comment="", **context):
        """第十五条: the results are not recommended."""
        self.results_opinion = comment

    @transition(
        field=state,
        source=S.RESULTS_SUBMITTED,
        target=S.IN_PROGRESS,
        permission=policy.may_fire("return_results"),
        custom=_meta("退回成果材料", "第十五条", comment_required=True, style="warning"),
    )
    def return_results(self, **context):
        """第十五条: the results material goes back to the applicant for completion."""

    @transition(
        field=state,
        source=S.RESULTS_RECOMMENDED,
        target=S.UNDER_REVIEW,
        conditions=[rules.review_window_open, rules.experts_assigned],
        permission=policy.may_fire("assign_to_panel"),
        custom=_meta("分配评审组", "第十六条", needs="随机抽取并分配评审专家（第十六条），请在评审组页面办理"),
    )
    def assign_to_panel(self, **context):
        """第十六条: the project is given to a review panel, its experts drawn and assigned
        (apps.review.services.assign_projects), before the campaign's review deadline."""

    @transition(
        field=state,
        source=S.UNDER_REVIEW,
        target=S.REVIEWED,
        conditions=[rules.review_window_open, rules.review_complete],
        permission=policy.may_fire("close_review"),
        custom=_meta("评审完成", "第十六条", needs="全部评分提交并结束评审组（第十六条），请在评审结果页面办理"),
    )
    def close_review(self, **context):
        """第十六条: every assigned expert's score is in and the panel has closed
        (apps.review.services.close_review), before the campaign's review deadline."""

    @transition(
        field=state,
        source=S.REVIEWED,
        target=S.PUBLICIZED,
        conditions=[rules.level_within_quota],
        permission=policy.may_fire("publicize"),
        custom=_meta("确定名单并公示", "第十七条", needs="确定奖项等级并发布公示（第十七条），请在获奖名单页面办理"),
    )
    def publicize(self, notice_ends_on=None, **context):
        """第十七条: the commission puts the project on the decided list under public notice.
        The level is set on ``award_level`` before the transition; 第四条 quotas are checked."""
        self.notice_ends_on = notice_ends_on

    @transition(
        field=state,
        source=S.PUBLICIZED,
        target=S.AWARDED,
        conditions=[rules.notice_period_over],
        permission=policy.may_fire("award"),
        custom=_meta("公布获奖", "第十七条", style="success", needs="公示期满、异议处理完毕后公布获奖名单（第十七条），请在获奖名单页面办理"),
    )
    def award(self, **context):
        """第十七条: after the notice, the award is announced."""

    @transition(
        field=state,
        source=[S.REVIEWED, S.PUBLICIZED],
        target=S.NOT_AWARDED,
        permission=policy.may_fire("not_award"),
        custom=_meta(
            "不予授奖",
            "第十七条",
            comment_required=True,
            style="secondary",
            needs="获奖名单的公布或异议处理结论（第十七条），请在获奖名单页面办理",
        ),
    )
    def not_award(self, **context):
        """第十七条: left off the decided list, or taken off it by an upheld objection."""
        self.award_level = ""

    @transition(
        field=state,
        source=S.AWARDED,
        target=S.REVOKED,
        permission=policy.may_fire("revoke"),
        custom=_meta(
            "撤销奖项",
            "第二十一条",
            comment_required=True,
            style="danger",
            needs="撤销理由和证据材料（第二十一条），请在获奖名单的撤销页面办理",
            requires=("revocation",),
        ),
    )
    def revoke(self, comment="", actor=None, revocation=None, **context):
        """第二十一条: an award obtained by fraud is revoked on a record with its reason and
        evidence (an unsaved ``apps.awards.models.Revocation``, built by
        ``apps.awards.services.revocation.revoke_award``); the record is saved with the
        5-year ban of the organisation (by credit code) that starts today."""
        from apps.organizations.models import OrganizationBan

        if revocation is None or not (revocation.reason or "").strip() or not revocation.evidence:
            raise Refusal(REVOCATION_NEEDED, code="needs")
        ban = OrganizationBan.objects.create(
            credit_code=self.organization.credit_code,
            organization_name=self.organization.name,
            starts_on=timezone.localdate(),
            reason=revocation.reason.strip(),
            project=self,
            created_by=actor,
        )
        revocation.project = self
        revocation.ban = ban
        revocation.revoked_by = revocation.revoked_by or actor
        revocation.save()

    @transition(
        field=state,
        source=sorted(RUNNING_STATES),
        target=S.HALTED,
        conditions=[rules.organization_banned],
        permission=policy.may_fire("halt"),
        custom=_meta(
            "终止项目",
            "第二十一条",
            comment_required=True,
            style="danger",
            needs="同一组织的奖项被撤销（第二十一条），由撤销奖项一并办理",
        ),
    )
    def halt(self, **context):
        """第二十一条: when an award of the organisation is revoked for fraud, its other
        projects still under way stop (the reason is the log row's comment)."""
