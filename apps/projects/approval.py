"""立项审核 (第十一条): the commission's decisions on recommended projects, one by one or in a
batch, and the publication of the project plan. Every state change goes through
:func:`apps.projects.services.transition`, one project at a time, so each is checked, locked and
logged on its own and a refusal of one does not undo the others."""

from dataclasses import dataclass

from django.db import transaction

from apps.projects.models import Project
from apps.projects.services import TransitionRefused, transition
from apps.projects.states import State

from apps.campaigns.models import Campaign
from apps.campaigns.signals import plan_published

# The decisions of 立项审核 (第十一条) and the state a project must be in for them.
DECISIONS = {
    "approve": "立项审核通过",
    "reject": "立项审核不通过",
    "return_to_applicant": "退回修改",
}


@dataclass
class Outcome:
    """What happened to one project of a batch."""

    project: Project
    ok: bool
    message: str = ""


def decide(*, project: Project, decision: str, actor, comment: str = "", expected_state=State.RECOMMENDED) -> Outcome:
    """One 立项审核 decision (第十一条); refusals (permission, state, deadline, a colleague who
    was faster) come back as an :class:`Outcome` with the reason."""
    if decision not in DECISIONS:
        return Outcome(project, False, f"未知的审核结论：{decision}")
    try:
        transition(project=project, name=decision, actor=actor, comment=comment, expected_state=expected_state)
    except TransitionRefused as refused:
        return Outcome(project, False, refused.message)
    return Outcome(project, True, DECISIONS[decision])


def decide_batch(*, campaign: Campaign, project_ids, decision: str, actor, comment: str = "") -> list[Outcome]:
    """The same decision for each ticked project, each in its own transaction (第十一条).

    Ids not of this campaign are reported as not found; the rest succeed or are refused one by
    one, so a partial success is visible project by project."""
    ids = list(dict.fromkeys(project_ids))
    found = {p.pk: p for p in Project.objects.with_list_data().filter(campaign=campaign, pk__in=ids)}
    outcomes = []
    for pk in ids:
        project = found.get(pk)
        if project is None:
            outcomes.append(Outcome(Project(pk=pk, title=f"项目#{pk}"), False, f"{campaign.year}年度无此项目。"))
            continue
        outcomes.append(decide(project=project, decision=decision, actor=actor, comment=comment))
    return outcomes


def publish_plan(*, campaign: Campaign, actor) -> list[Outcome]:
    """第十一条: every approved project of the campaign enters the published project plan
    (``publish_plan``: approved → in_progress). The commission alone may do it; the transition's
    permission refuses anyone else project by project."""
    outcomes = []
    for project in Project.objects.with_list_data().filter(campaign=campaign, state=State.APPROVED).order_by("pk"):
        try:
            transition(project=project, name="publish_plan", actor=actor, expected_state=State.APPROVED)
        except TransitionRefused as refused:
            outcomes.append(Outcome(project, False, refused.message))
        else:
            outcomes.append(Outcome(project, True, "已列入项目计划并公布"))
    # After the projects' own notifications: the held 立项审核 decisions go out with the plan.
    transaction.on_commit(lambda: plan_published.send(sender=Campaign, campaign=campaign))
    return outcomes
