from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.labels import ChoiceLabels

from ..choices import AttachmentKind, MetricDirection, TeamRole


class Metric(ChoiceLabels, models.Model):
    """第七条(三): a quantified benefit, baseline → target, and the measured value (第十四条)."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="metrics")
    name = models.CharField("指标名称", max_length=100)
    unit = models.CharField("单位", max_length=20, blank=True)
    direction = models.CharField("方向", max_length=10, choices=MetricDirection.choices, default=MetricDirection.LOWER)
    baseline = models.DecimalField("现状值", max_digits=14, decimal_places=4)
    target = models.DecimalField("目标值", max_digits=14, decimal_places=4)
    actual = models.DecimalField("实际值", max_digits=14, decimal_places=4, null=True, blank=True)
    history = HistoricalRecords(verbose_name="效益指标版本")

    class Meta:
        verbose_name = "效益指标"
        verbose_name_plural = "效益指标"
        ordering = ["pk"]

    def __str__(self):
        return self.name

    @property
    def target_met(self):
        if self.actual is None:
            return None
        if self.direction == MetricDirection.LOWER:
            return self.actual <= self.target
        return self.actual >= self.target


class TeamMember(ChoiceLabels, models.Model):
    """A member of the project team; 第十二条 trains the three roles."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="team_members")
    name = models.CharField("姓名", max_length=50)
    role = models.CharField("角色", max_length=20, choices=TeamRole.choices)
    # 质量负责人, 项目负责人, 技术骨干: listed in the order of 第十二条.
    role_order = models.PositiveSmallIntegerField(editable=False, default=0)
    position = models.CharField("职务/岗位", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    history = HistoricalRecords(verbose_name="项目成员版本")

    class Meta:
        verbose_name = "项目成员"
        verbose_name_plural = "项目成员"
        ordering = ["role_order", "pk"]

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"

    def save(self, *args, **kwargs):
        self.role_order = list(TeamRole.values).index(self.role) if self.role in TeamRole.values else len(TeamRole.values)
        if kwargs.get("update_fields") is not None and "role" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "role_order"}
        super().save(*args, **kwargs)
        from ..search import refresh

        refresh([self.project])

    def delete(self, *args, **kwargs):
        project = self.project
        result = super().delete(*args, **kwargs)
        from ..search import refresh

        refresh([project])
        return result


def attachment_path(instance, filename):
    return f"projects/{instance.project_id}/{instance.kind}/{filename}"


class Attachment(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("类别", max_length=20, choices=AttachmentKind.choices)
    file = models.FileField("文件", upload_to=attachment_path)
    original_name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.original_name
