import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from apps.core.append_only import AppendOnlyModel, AppendOnlyQuerySet
from apps.projects.states import AwardLevel

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LEVEL_DIGIT = {AwardLevel.FIRST: "1", AwardLevel.SECOND: "2", AwardLevel.THIRD: "3", "best_organization": "9"}


def new_verification_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


def certificate_upload_to(instance, filename):
    return f"certificates/{instance.campaign.year}/{instance.serial}.pdf"


class Certificate(models.Model):
    """A certificate for one award: a project's 优秀成果 or a unit's 最佳组织奖. Its serial and
    verification code are fixed when it is first created; regeneration only re-renders the PDF."""

    class Kind(models.TextChoices):
        PROJECT = "project", "优秀成果"
        BEST_ORGANIZATION = "best_organization", "最佳组织奖"

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="certificates")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    project = models.OneToOneField("projects.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="certificate")
    best_organization = models.OneToOneField(
        "awards.BestOrganizationAward", null=True, blank=True, on_delete=models.PROTECT, related_name="certificate"
    )
    serial = models.CharField("证书编号", max_length=30, unique=True)
    code = models.CharField("验证码", max_length=16, unique=True, default=new_verification_code)
    # What the certificate says, frozen when issued.
    holder = models.CharField("获奖单位", max_length=200)
    title = models.CharField("成果名称", max_length=200, blank=True)
    level_label = models.CharField("奖项", max_length=30)
    pdf = models.FileField("证书文件", upload_to=certificate_upload_to, blank=True)
    pdf_size = models.PositiveIntegerField("文件大小", default=0)
    rendered_at = models.DateTimeField("生成时间", null=True, blank=True)
    # The date printed on the certificate: set when it is first rendered, kept when it is
    # rendered again, changed only by a re-issue whose content changed (CertificateReissue).
    issued_on = models.DateField("颁发日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "获奖证书"
        verbose_name_plural = "获奖证书"
        ordering = ["serial"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="project", project__isnull=False, best_organization__isnull=True))
                | (Q(kind="best_organization", project__isnull=True, best_organization__isnull=False)),
                name="certificate_for_exactly_one_award",
            ),
        ]

    def __str__(self):
        return f"{self.serial} {self.holder}"

    @property
    def verify_path(self):
        return f"/verify/{self.code}/"

    @property
    def verify_url(self):
        return settings.SITE_URL.rstrip("/") + self.verify_path

    @classmethod
    def revoked_of(cls, kind, project_state):
        """Whether a certificate of ``kind`` whose project is in ``project_state`` (None for a
        best-organisation award, which has no project) stands for a revoked award (第二十一条)."""
        return kind == cls.Kind.PROJECT and project_state == "revoked"

    @property
    def is_revoked(self):
        return self.revoked_of(self.kind, self.project.state if self.kind == self.Kind.PROJECT else None)

    @property
    def is_valid(self):
        if self.kind == self.Kind.PROJECT:
            return self.project.state == "awarded"
        return self.best_organization.published


class CertificateRun(models.Model):
    """One bulk generation started from the certificates page; its progress is counted from its
    items, so a retried task never counts twice."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="certificate_runs")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "证书生成批次"
        verbose_name_plural = "证书生成批次"
        ordering = ["-created_at"]

    def counts(self):
        c = self.items.aggregate(
            done=Count("pk", filter=Q(status=CertificateRunItem.Status.DONE)),
            failed=Count("pk", filter=Q(status=CertificateRunItem.Status.FAILED)),
        )
        c["total"] = self.total
        c["pending"] = self.total - c["done"] - c["failed"]
        c["percent"] = round(100 * (c["done"] + c["failed"]) / self.total) if self.total else 100
        c["finished"] = c["pending"] == 0
        return c


class CertificateRunItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        DONE = "done", "已生成"
        FAILED = "failed", "失败"

    run = models.ForeignKey(CertificateRun, on_delete=models.CASCADE, related_name="items")
    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # When the item was last queued or taken up by a worker: an item still pending long after
    # that was lost (a killed worker, an unreachable broker) and the sweeper queues it again.
    touched_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "certificate"], name="one_item_per_certificate_per_run")]


class CertificateReissue(AppendOnlyModel):
    """A re-issue whose content (holder, project title, level) changed: the certificate got a new
    issue date. Append-only (a PostgreSQL trigger refuses UPDATE and DELETE too)."""

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="reissues")
    run = models.ForeignKey(CertificateRun, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    previous_issued_on = models.DateField("原颁发日期", null=True, blank=True)
    issued_on = models.DateField("新颁发日期")
    # {field: [before, after]} for each field of the content that changed.
    changes = models.JSONField("变更内容")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "证书换发记录"
        verbose_name_plural = "证书换发记录"
        ordering = ["created_at", "pk"]
        base_manager_name = "objects"

    def __str__(self):
        return f"{self.certificate_id}: {self.previous_issued_on} → {self.issued_on}"
