from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from apps.core.statements import Statement

# 第四条: the maxima of the award list.
MAX_FIRST, MAX_SECOND, MAX_THIRD, MAX_BEST_ORGANIZATION = 50, 100, 200, 5


class ProjectType(models.TextChoices):
    """The kind of achievement; the panel scores it with the matching rubric."""

    PROBLEM_SOLVING = "problem_solving", "问题解决型"
    INNOVATION = "innovation", "创新型"


class CampaignQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def current(self):
        """The campaign users see on the home page: this year's if published, else the latest."""
        return current_among(self.published().order_by("-year"))


class CampaignManager(models.Manager.from_queryset(CampaignQuerySet)):
    def current(self):
        """CampaignQuerySet.current, the campaigns read with a statement compiled once
        (apps.core.statements): the workbench, the home page and the lists ask it on every
        request."""
        return current_among(_NEWEST_FIRST.rows(using=self.db))

    def current_or_newest(self):
        """The current campaign (:meth:`current`), else the newest of all (none published yet):
        the campaign screens' and review screens' default year. One query."""
        campaigns = _NEWEST_FIRST.rows(using=self.db)
        return current_among(campaigns) or (campaigns[0] if campaigns else None)


    def years(self):
        """Every campaign's year, newest first: the year selects of the lists (a statement
        compiled once, as :meth:`current`)."""
        return _YEARS.rows(using=self.db)


# Every campaign, newest first (one a year): current_among keeps the published ones.
_NEWEST_FIRST = Statement(lambda: Campaign.objects.order_by("-year"))
_YEARS = Statement(lambda: Campaign.objects.order_by("-year").values_list("year", flat=True))


def current_among(campaigns):
    """CampaignQuerySet.current among ``campaigns`` (newest first) already read, for a screen
    that lists every year anyway: this year's if published, else the latest published. One
    campaign a year: reading them all is one query where looking for this year's and then for
    the latest was two."""
    published = [campaign for campaign in campaigns if campaign.published]
    this_year = timezone.localdate().year
    return next((campaign for campaign in published if campaign.year == this_year), published[0] if published else None)


def _min_score(label, default, help_text):
    """第十六条: a level's minimum final score (100-point scale); blank means no minimum."""
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        default=Decimal(default),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=help_text,
    )


class Campaign(models.Model):
    """The yearly work plan (第三条, 第八条): its dates gate every step; its quotas (第四条)."""

    year = models.PositiveIntegerField("年度", unique=True)
    title = models.CharField("工作方案名称", max_length=200)
    description = models.TextField("工作方案", blank=True)
    published = models.BooleanField("已向社会发布（第八条）", default=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    application_opens = models.DateField("申报开始日期")
    application_closes = models.DateField("申报截止日期（第九条）")
    recommendation_closes = models.DateField("推荐截止日期（第十条）")
    approval_closes = models.DateField("立项审核截止日期（第十一条）")
    results_closes = models.DateField("成果材料提交截止日期（第十四条）")
    results_recommendation_closes = models.DateField("成果推荐截止日期（第十五条）")
    review_closes = models.DateField("成果评审截止日期（第十六条）")
    notice_days = models.PositiveSmallIntegerField(
        "公示期（天）", default=7, validators=[MinValueValidator(5), MaxValueValidator(30)]
    )

    quota_first = models.PositiveSmallIntegerField(
        "一等奖名额", default=MAX_FIRST, validators=[MaxValueValidator(MAX_FIRST)]
    )
    quota_second = models.PositiveSmallIntegerField(
        "二等奖名额", default=MAX_SECOND, validators=[MaxValueValidator(MAX_SECOND)]
    )
    quota_third = models.PositiveSmallIntegerField(
        "三等奖名额", default=MAX_THIRD, validators=[MaxValueValidator(MAX_THIRD)]
    )
    quota_best_organization = models.PositiveSmallIntegerField(
        "最佳组织奖名额", default=MAX_BEST_ORGANIZATION, validators=[MaxValueValidator(MAX_BEST_ORGANIZATION)]
    )

    # Review settings (第十六条).
    scorers_per_project = models.PositiveSmallIntegerField(
        "每个项目评审专家人数", default=5, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    normalise_scores = models.BooleanField("按专家标准化（z分数）汇总", default=False)
    comment_required_below = models.DecimalField(
        "低于此总分须填写评语", max_digits=5, decimal_places=1, default=60
    )
    # 第十六条: the minimum final score (100-point scale) for each level, part of the work plan.
    # A level's places left empty are not filled with weaker projects. The defaults follow the
    # usual bands of a 100-point rubric: 85 excellent, 75 good, 60 the pass mark (the same 60
    # below which an expert must write a comment). Blank: no minimum for that level.
    min_score_first = _min_score(
        "一等奖最低分",
        "85",
        "默认85分（百分制“优秀”档）：一等奖须成效突出，名额有余也不降低标准（第十六条）。留空表示不设最低分。",
    )
    min_score_second = _min_score(
        "二等奖最低分",
        "75",
        "默认75分（百分制“良好”档）：未达一等奖最低分或一等奖名额已满的，达到此分数方可建议二等奖。",
    )
    min_score_third = _min_score(
        "三等奖最低分",
        "60",
        "默认60分（百分制合格线，与须填写评语的分数线一致）：低于此分数的项目不建议授奖。",
    )
    # 第二十三条: after the announcement, each organisation may read its own review feedback
    # (total, average per criterion, comments), never the experts' names.
    feedback_to_applicants = models.BooleanField("获奖名单公布后向申报组织反馈评审意见（不含专家姓名）", default=False)

    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignManager()

    class Meta:
        verbose_name = "年度工作方案"
        verbose_name_plural = "年度工作方案"
        ordering = ["-year"]
        constraints = [
            # 第四条, enforced by the database as well, so no path can store more.
            models.CheckConstraint(
                condition=models.Q(quota_first__lte=MAX_FIRST)
                & models.Q(quota_second__lte=MAX_SECOND)
                & models.Q(quota_third__lte=MAX_THIRD)
                & models.Q(quota_best_organization__lte=MAX_BEST_ORGANIZATION),
                name="campaign_quotas_within_article_4",
            ),
        ]

    def __str__(self):
        return self.title

    DATE_ORDER = [
        "application_opens",
        "application_closes",
        "recommendation_closes",
        "approval_closes",
        "results_closes",
        "results_recommendation_closes",
        "review_closes",
    ]

    def clean(self):
        from .validity import year_problem

        errors = {}
        # 第二十四条: a work plan only for a year in which the regulation is in force.
        problem = year_problem(self.year)
        if problem:
            errors["year"] = problem
        for name, maximum in (
            ("quota_first", MAX_FIRST),
            ("quota_second", MAX_SECOND),
            ("quota_third", MAX_THIRD),
            ("quota_best_organization", MAX_BEST_ORGANIZATION),
        ):
            value = getattr(self, name)
            if value is not None and value > maximum:
                label = self._meta.get_field(name).verbose_name
                errors[name] = f"根据第四条，{label}不得超过{maximum}个。"
        minimums = [(n, getattr(self, n)) for n in ("min_score_first", "min_score_second", "min_score_third")]
        minimums = [(n, v) for n, v in minimums if v is not None]
        for (higher, a), (lower, b) in zip(minimums, minimums[1:]):
            if b > a:
                errors.setdefault(
                    lower,
                    f"根据第十六条，{self._meta.get_field(lower).verbose_name}不能高于{self._meta.get_field(higher).verbose_name}（{a.normalize():f}分）。",
                )
        dates = [(n, getattr(self, n)) for n in self.DATE_ORDER]
        for (first, a), (second, b) in zip(dates, dates[1:]):
            if a and b and b < a:
                errors.setdefault(
                    second,
                    f"{self._meta.get_field(second).verbose_name}不能早于{self._meta.get_field(first).verbose_name}。",
                )
        if errors:
            raise ValidationError(errors)

    def quota_for(self, level):
        """``level``: first, second, third or best_organization."""
        return getattr(self, f"quota_{level}")

    def quota_problem(self, level, count) -> str | None:
        """第四条, enforced once: may ``count`` awards of ``level`` stand in this campaign?
        Returns the refusal (naming the article and the quota) or None."""
        quota = self.quota_for(level)
        if count > quota:
            label = self._meta.get_field(f"quota_{level}").verbose_name
            return f"根据第四条，{self.year}年度{label}为{quota}个，已满，不能超出（当前{count}个）。"
        return None

    def rubric_for(self, project_type):
        return [c for c in self.rubric.all() if c.project_type == project_type]


class RubricCriterion(models.Model):
    """One line of the scoring rubric (modelled on T/CAQ 10201, 100 points per type)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="rubric", verbose_name="工作方案")
    project_type = models.CharField("成果类型", max_length=20, choices=ProjectType.choices)
    name = models.CharField("评审项目", max_length=100)
    description = models.CharField("评分要点", max_length=300, blank=True)
    max_points = models.PositiveSmallIntegerField("满分", validators=[MinValueValidator(1)])
    weight = models.DecimalField("权重", max_digits=4, decimal_places=2, default=1)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "评分标准"
        verbose_name_plural = "评分标准"
        ordering = ["campaign", "project_type", "order"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "project_type", "name"], name="unique_criterion_per_type"),
        ]

    def __str__(self):
        return f"{self.get_project_type_display()}·{self.name}（{self.max_points}分）"


DEFAULT_RUBRIC = {
    ProjectType.PROBLEM_SOLVING: [
        ("选题", 15, "选题理由充分，现状调查清楚，目标明确可测"),
        ("原因分析", 30, "原因分析透彻，要因确认有依据"),
        ("对策与实施", 20, "对策针对要因，实施过程完整"),
        ("效果", 20, "效果检查充分，目标实现，效益可量化"),
        ("成果报告", 5, "报告规范、数据翔实"),
        ("特点", 10, "方法运用恰当，有推广价值"),
    ],
    ProjectType.INNOVATION: [
        ("选题", 20, "课题新颖，需求明确"),
        ("提出方案并确定最佳方案", 30, "方案充分比选，论证有据"),
        ("对策与实施", 20, "对策完整，实施有效"),
        ("效果", 15, "效果显著，可量化"),
        ("成果报告", 5, "报告规范、数据翔实"),
        ("特点", 10, "创新性突出，有推广价值"),
    ],
}
