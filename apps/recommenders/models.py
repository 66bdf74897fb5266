from django.contrib.admin import display as admin_display
from django.db import models

from apps.organizations.choices import District, Industry


class RecommenderKind(models.TextChoices):
    """第六条: the four kinds of recommending units."""

    INDUSTRY_DEPARTMENT = "industry_department", "市级行业主管部门"
    DISTRICT_AMR = "district_amr", "区市场监督管理部门"
    INDUSTRIAL_GROUP = "industrial_group", "工业集团"
    ASSOCIATION = "association", "行业协会"


class RecommenderUnit(models.Model):
    name = models.CharField("推荐单位名称", max_length=200, unique=True)
    kind = models.CharField("类别（第六条）", max_length=30, choices=RecommenderKind.choices)
    district = models.CharField("所在区", max_length=20, choices=District.choices, blank=True)
    # 第六条: a 市级行业主管部门 recommends the organisations of the industries it governs.
    industries = models.JSONField(
        "主管行业", default=list, blank=True, help_text="市级行业主管部门推荐其主管行业的组织（第六条）：" + "、".join(Industry.labels)
    )
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    # For an 工业集团 or 行业协会: its member organisations, which it recommends (第六条); for a
    # group also the "same group" recusal of 第二十二条.
    member_organizations = models.ManyToManyField(
        "organizations.Organization", verbose_name="所属企业", blank=True, related_name="groups"
    )

    class Meta:
        verbose_name = "推荐单位"
        verbose_name_plural = "推荐单位"
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    @admin_display(description="主管行业")
    def get_industries_display(self):
        labels = dict(Industry.choices)
        return "、".join(labels.get(i, i) for i in self.industries)


class VerificationStage(models.TextChoices):
    APPLICATION = "application", "申报材料审核（第十条）"
    RESULTS = "results", "成果评估（第十五条）"


# 第十条: the recommender verifies completeness and authenticity; 第十五条: it evaluates results.
CHECKLIST = {
    VerificationStage.APPLICATION: [
        ("org_registered", "申报组织在本市登记注册，统一社会信用代码、名称与登记信息一致（第七条(一)）"),
        ("pdca_complete", "申报书按PDCA循环填写完整：理由、现状、目标、原因、对策、实施、检查、巩固（第七条(二)）"),
        ("benefits_quantified", "预期效益明确，指标有现状值和目标值，数据来源可查（第七条(三)）"),
        ("not_duplicate", "已核对查重结果，不是往年已申报过的相同项目（第七条(四)）"),
        ("team_real", "项目团队真实，质量负责人、项目负责人已明确（第十二条）"),
        ("attachments_authentic", "附件材料齐全，与申报内容一致，经核实真实（第十条）"),
    ],
    VerificationStage.RESULTS: [
        ("data_measured", "实际值有统计数据支撑，测量口径与立项时一致（第十四条）"),
        ("targets_compared", "已逐项对照目标值核实目标达成情况（第十五条）"),
        ("benefits_real", "经济效益和社会效益测算合理、可核实（第十五条）"),
        ("results_material_complete", "成果材料齐全、真实，巩固措施已落实（第十五条）"),
    ],
}


class RecommenderVerification(models.Model):
    """One verification by a recommender unit: the checklist answers, the opinion and the
    decision taken with them (第十条 for applications, 第十五条 for results). Append-only."""

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="verifications"
    )
    unit = models.ForeignKey(RecommenderUnit, verbose_name="推荐单位", on_delete=models.PROTECT, related_name="verifications")
    stage = models.CharField("环节", max_length=20, choices=VerificationStage.choices)
    answers = models.JSONField("核查清单", default=dict)
    opinion = models.TextField("意见", blank=True)
    decision = models.CharField("处理", max_length=40)
    verified_by = models.ForeignKey(
        "accounts.User", verbose_name="核查人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("核查时间", auto_now_add=True)

    class Meta:
        verbose_name = "推荐单位核查记录"
        verbose_name_plural = "推荐单位核查记录"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.project_id} · {self.get_stage_display()} · {self.decision}"

    def items(self):
        """(label, answered yes) for each checklist item of the stage."""
        return checklist_items(self.stage, self.answers)


def checklist_items(stage, answers):
    """(label, answered yes) for each checklist item of ``stage``, as ``answers`` hold them."""
    return [(label, bool(answers.get(code))) for code, label in CHECKLIST.get(stage, [])]
