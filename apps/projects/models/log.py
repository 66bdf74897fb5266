from django.conf import settings
from django.db import models

from apps.core.append_only import AppendOnlyModel, AppendOnlyQuerySet
from apps.core.labels import ChoiceLabels

from ..states import State


class ProjectTransition(ChoiceLabels, AppendOnlyModel):
    """One row per state change, written in the transaction that made it. Append-only (a
    PostgreSQL trigger refuses UPDATE and DELETE too); a project with history and a user who
    acted cannot be deleted (withdraw the project, deactivate the user)."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="transitions")
    transition = models.CharField("操作", max_length=40)
    from_state = models.CharField("原状态", max_length=30, choices=State.choices)
    to_state = models.CharField("新状态", max_length=30, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("角色", max_length=30, blank=True)
    comment = models.TextField("意见/说明", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"
        ordering = ["created_at", "pk"]
        base_manager_name = "objects"

    def __str__(self):
        return f"{self.project_id}: {self.from_state} → {self.to_state}"

    @property
    def label(self):
        from .project import Project

        return transition_label(Project, self.transition)


def transition_label(model, name):
    for t in model._meta.get_field("state").get_all_transitions(model):
        if t.name == name:
            return t.custom.get("label", name)
    return name
