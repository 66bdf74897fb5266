"""第二十一条: the applicant answers for the authenticity of its material. At each submission
(the application, a resubmission, the results) it confirms the authenticity commitment
(承诺书); the text it confirmed, who confirmed it and when are kept, append-only."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.core.append_only import AppendOnlyModel, AppendOnlyQuerySet
from apps.core.labels import ChoiceLabels


class CommitmentPhase(models.TextChoices):
    APPLICATION = "application", "立项申报"
    RESULTS = "results", "成果材料"


# The text of the commitment, in one place: the screens show it, the record keeps it.
AUTHENTICITY_COMMITMENT = {
    CommitmentPhase.APPLICATION: (
        "本单位郑重承诺：所提交的质量攻关项目申报材料（包括项目内容、效益指标、团队信息及附件）真实、准确、完整，"
        "不存在弄虚作假、抄袭或与往年项目雷同的情况。如有不实，本单位承担相应责任，"
        "并接受撤销奖励、五年内不得申报等处理（《天津市质量攻关管理办法》第二十一条）。"
    ),
    CommitmentPhase.RESULTS: (
        "本单位郑重承诺：所提交的质量攻关成果材料（包括实施情况、效益指标实测数据及附件）真实、准确、完整，"
        "不存在弄虚作假的情况。如有不实，本单位承担相应责任，"
        "并接受撤销奖励、五年内不得申报等处理（《天津市质量攻关管理办法》第二十一条）。"
    ),
}
# The transitions that need it, and the phase each belongs to.
COMMITMENT_PHASE = {
    "submit": CommitmentPhase.APPLICATION,
    "resubmit": CommitmentPhase.APPLICATION,
    "submit_results": CommitmentPhase.RESULTS,
}
COMMITMENT_NEEDED = "申报单位确认的真实性承诺书（第二十一条），请在提交页面阅读承诺书并勾选确认"


class AuthenticityCommitment(ChoiceLabels, AppendOnlyModel):
    """One confirmed commitment, written with the submission it goes with (same transaction)."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="authenticity_commitments")
    phase = models.CharField("阶段", max_length=20, choices=CommitmentPhase.choices)
    transition = models.CharField("操作", max_length=40)
    text = models.TextField("承诺内容")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "真实性承诺"
        verbose_name_plural = "真实性承诺"
        ordering = ["confirmed_at", "pk"]
        base_manager_name = "objects"

    def __str__(self):
        return f"{self.project_id}: {self.get_phase_display()} {self.confirmed_at:%Y-%m-%d %H:%M}"


def record_commitment(project, transition_name, actor):
    """Store the commitment confirmed with ``transition_name`` (called by the transition)."""
    phase = COMMITMENT_PHASE[transition_name]
    return AuthenticityCommitment.objects.create(
        project=project, phase=phase, transition=transition_name, text=AUTHENTICITY_COMMITMENT[phase], confirmed_by=actor
    )
