from django.db import models


class Score(models.Model):
    """An expert's score sheet for one assignment. ``total`` is the weighted total on a
    100-point scale: 100 × Σ(points × weight) / Σ(max_points × weight)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"

    assignment = models.OneToOneField("experts.ReviewAssignment", on_delete=models.CASCADE, related_name="score")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    total = models.DecimalField("加权总分", max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField("评语", blank=True)
    updated_at = models.DateTimeField("保存时间", auto_now=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class Meta:
        verbose_name = "评分"
        verbose_name_plural = "评分"
        indexes = [models.Index(fields=["status"])]

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED


class CriterionScore(models.Model):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey("campaigns.RubricCriterion", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("得分", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = "评分项"
        verbose_name_plural = "评分项"
        constraints = [models.UniqueConstraint(fields=["score", "criterion"], name="one_item_per_criterion")]
