from django.conf import settings
from django.db import models

from apps.core.labels import ChoiceLabels


class Category(models.TextChoices):
    """What a notification is about; users choose per category whether they also get e-mail."""

    TRANSITION = "transition", "项目状态变化"
    ASSIGNMENT = "assignment", "评审任务分配"
    DEADLINE = "deadline", "截止日期提醒"
    REVIEW = "review", "评分提醒"
    OBJECTION = "objection", "异议处理"
    AWARD = "award", "获奖与证书"


class EmailStatus(models.TextChoices):
    # A decision's notification waits in the outbox until the decision is published.
    HELD = "held", "待公布后发送"
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
    SKIPPED = "skipped", "不发送"


class NotificationQuerySet(models.QuerySet):
    def delivered(self):
        """What the recipient may see: everything but what is held until a publication."""
        return self.filter(release_key="")

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(ChoiceLabels, models.Model):
    """One message to one user. Stored before any e-mail is attempted, so nothing is lost
    when the worker or the mail server is down; the e-mail outcome is recorded on it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications"
    )
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Natural key of reminders (one per user, subject and day), so a re-run sends nothing twice.
    dedupe_key = models.CharField("去重键", max_length=200, null=True, blank=True, unique=True)
    # The outbox (第十一条, 第十七条): a decision's notification is written when the decision
    # is made and held, neither shown nor e-mailed, until the publication named here
    # ("plan:<campaign>", "notice:<campaign>", "announcement:<campaign>") releases it.
    release_key = models.CharField("待公布事项", max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    email_status = models.CharField("邮件状态", max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING)
    email_attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    email_last_error = models.TextField("最近一次错误", blank=True)
    emailed_at = models.DateTimeField("发送时间", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            # The inbox: a recipient's delivered notifications, newest first (the outbox's
            # held ones are not in it, so neither are they in the index).
            models.Index(
                fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx", condition=models.Q(release_key="")
            ),
            # The unread badge on every page: only the unread delivered rows, so the count reads
            # a handful of index entries, not the recipient's history.
            models.Index(
                fields=["recipient"], name="notification_unread_idx", condition=models.Q(release_key="", read_at__isnull=True)
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


class NotificationPreference(models.Model):
    """Which e-mails a user gets; the in-site inbox always receives everything."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_transition = models.BooleanField("项目状态变化", default=True)
    email_assignment = models.BooleanField("评审任务分配", default=True)
    email_deadline = models.BooleanField("截止日期提醒", default=True)
    email_review = models.BooleanField("评分提醒", default=True)
    email_objection = models.BooleanField("异议处理", default=True)
    email_award = models.BooleanField("获奖与证书", default=True)

    class Meta:
        verbose_name = "邮件通知设置"
        verbose_name_plural = "邮件通知设置"

    def __str__(self):
        return f"{self.user}的邮件通知设置"

    FIELDS = ["email_transition", "email_assignment", "email_deadline", "email_review", "email_objection", "email_award"]

    def wants(self, category) -> bool:
        return getattr(self, f"email_{category}", True)
