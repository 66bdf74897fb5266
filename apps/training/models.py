"""第十二条 training sessions and their attendance; 第十三条 tracking visits."""

from django.conf import settings
from django.db import models

from apps.projects.models import Project


class TrainingSession(models.Model):
    """第十二条: 市市场监管委对申报组织质量负责人、项目负责人和技术骨干开展质量攻关培训.

    Created by the commission or, on its behalf, the agency."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name="年度", on_delete=models.PROTECT, related_name="training_sessions"
    )
    topic = models.CharField("培训主题", max_length=200)
    held_on = models.DateField("培训日期")
    place = models.CharField("培训地点", max_length=200)
    notes = models.TextField("培训内容与说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "质量攻关培训（第十二条）"
        verbose_name_plural = "质量攻关培训（第十二条）"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class Attendance(models.Model):
    """One team member (质量负责人, 项目负责人 or 技术骨干) attended one session (第十二条)."""

    session = models.ForeignKey(TrainingSession, verbose_name="培训", on_delete=models.CASCADE, related_name="attendances")
    team_member = models.ForeignKey(
        "projects.TeamMember", verbose_name="参训人员", on_delete=models.CASCADE, related_name="training_attendances"
    )
    # Denormalised from team_member.project: the project page and the per-project counts
    # read attendance by project without joining through the team.
    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="training_attendances"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "培训签到"
        verbose_name_plural = "培训签到"
        ordering = ["session", "project", "team_member__role", "team_member"]
        constraints = [
            models.UniqueConstraint(fields=["session", "team_member"], name="one_attendance_per_member_and_session"),
        ]

    def __str__(self):
        return f"{self.session}: {self.team_member}"


class VisitForm(models.TextChoices):
    ON_SITE = "on_site", "现场"
    REMOTE = "remote", "远程"


class TrackingVisit(models.Model):
    """第十三条: the recommender unit follows the project in the organisation, guides, checks and
    urges its progress, helps solve problems and gives guidance opinions."""

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="tracking_visits"
    )
    recommender = models.ForeignKey(
        "recommenders.RecommenderUnit", verbose_name="推荐单位", on_delete=models.PROTECT, related_name="tracking_visits"
    )
    # The project's year, kept with the visit (the project's own, set on save): a year's newest
    # visits are read from one index, not by looking up the project of every visit.
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name="年度", on_delete=models.PROTECT, related_name="+", editable=False
    )
    visited_on = models.DateField("服务日期")
    form = models.CharField("服务方式", max_length=10, choices=VisitForm.choices, default=VisitForm.ON_SITE)
    participants = models.CharField("参加人员", max_length=200, blank=True)
    findings = models.TextField("进度与发现的问题")
    guidance = models.TextField("指导意见")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "跟踪服务记录（第十三条）"
        verbose_name_plural = "跟踪服务记录（第十三条）"
        ordering = ["-visited_on", "-pk"]
        indexes = [
            # The tracking list (第十三条) orders a year's plan by each project's last visit and
            # shows its number of visits: one look into this index a project, not its visits' rows.
            models.Index(fields=["project", "visited_on"], name="trackingvisit_project_day_idx"),
            # The newest visits of a year, and of every year (the tracking list's lower table).
            models.Index(fields=["campaign", "-visited_on", "-id"], name="trackingvisit_year_recent_idx"),
            models.Index(fields=["-visited_on", "-id"], name="trackingvisit_recent_idx"),
        ]

    def save(self, *args, **kwargs):
        # A visit belongs to its project's year (a project's year never changes).
        project = self._state.fields_cache.get("project")
        if project is not None and project.pk == self.project_id:
            self.campaign_id = project.campaign_id
        elif self.project_id is not None:
            self.campaign_id = Project.objects.values_list("campaign_id", flat=True).get(pk=self.project_id)
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.visited_on:%Y-%m-%d} {self.get_form_display()}：{self.project}"
