"""What waits for each user on the workbench: counts of the projects in the states where the
user's role has the next step, each with the screen where it is done."""

import rules
from dataclasses import dataclass

from django.db.models import Count, Value
from django.urls import reverse

from apps.core.statements import Statement
from apps.projects import policy, scope_changes
from apps.projects.models import Project
from apps.projects.selectors import visible_projects
from apps.projects.states import State


@dataclass(frozen=True)
class Todo:
    label: str
    count: int
    url: str


def _url(name, query=""):
    return reverse(name) + (f"?{query}" if query else "")


def _steps(user, campaign):
    """(state, label, url) of the steps this user's role takes next (第九条 to 第十六条)."""
    if rules.has_perm("accounts.applicant", user):
        closes = f"，截止{campaign.results_closes:%Y-%m-%d}" if campaign else ""
        return [
            (State.RETURNED, "退回修改，待修改后重新提交（第九条）", _url("projects:list", "state=returned")),
            (State.DRAFT, "草稿，待完善后提交（第九条）", _url("projects:list", "state=draft")),
            (State.IN_PROGRESS, f"实施中，待提交成果材料（第十四条{closes}）", _url("projects:list", "state=in_progress")),
        ]
    if rules.has_perm("accounts.recommender", user):
        return [
            (State.SUBMITTED, "待核实推荐的申报（第十条）", _url("recommenders:inbox", "state=submitted")),
            (State.RESULTS_SUBMITTED, "待评估的成果（第十五条）", _url("recommenders:inbox", "state=results_submitted")),
            (State.IN_PROGRESS, "实施中的项目，开展跟踪服务（第十三条）", _url("training:tracking_list")),
        ]
    if rules.has_perm("accounts.programme_staff", user):
        return [
            (State.RECOMMENDED, "待立项审核（第十一条）", _url("campaigns:approval_current")),
            (State.APPROVED, "已通过立项审核，待公布项目计划（第十一条）", _url("campaigns:approval_current") + "#approved"),
            (State.RESULTS_RECOMMENDED, "成果已推荐，待组织评审（第十六条）", _url("experts:panel_list")),
        ]
    return []


def _counted(rows, states, *, outside):
    """``rows`` (a queryset of projects' states) counted by state, those of ``states``; with
    ``outside``, the projects waiting at a unit that no longer covers their organisation
    (第六条、第九条) counted in the same query. Only the few projects in the waiting states are
    joined to their unit and organisation; the steps are counted on the projects alone (joined,
    every waiting project was read through the organisations' index: 3.7 ms against 1.2 ms)."""
    counted = rows.filter(state__in=states).annotate(n=Count("pk"), outside=Value(0))
    if outside:
        waiting = rows.filter(scope_changes.outside_scope_filter()).annotate(n=Value(0), outside=Count("pk"))
        counted = counted.union(waiting, all=True)
    return counted


# The staff's counts: what they see is the same for all of them (policy.STAFF_VISIBLE), so the
# statement is compiled once a process (building the scope's condition and compiling the union
# took about 1 ms a request); the states of their steps are its values.
_STAFF_COUNTS = Statement(
    lambda *states: _counted(Project.objects.filter(policy.STAFF_VISIBLE).order_by().values_list("state"), states, outside=True)
)


def todo(user, campaign, visible=None) -> list[Todo]:
    """The user's pending steps with their counts (one query), those with nothing left out.
    ``visible``: :func:`visible_projects` of the user, when the caller has it already."""
    steps = _steps(user, campaign)
    if not steps:
        return []
    states = [state for state, _, _ in steps]
    if policy.sees_as_staff(user):
        counted = _STAFF_COUNTS.rows(*states)
    else:
        visible = visible_projects(user) if visible is None else visible
        counted = _counted(visible.order_by().values_list("state"), states, outside=False)
    counts, outside = {}, 0
    for state, n, n_outside in counted:
        counts[state] = counts.get(state, 0) + n
        outside += n_outside
    found = [Todo(label, counts[state], url) for state, label, url in steps if counts.get(state)]
    if outside:
        found.append(Todo("推荐单位已不在推荐范围内、待处理的项目（第六条、第九条）", outside, _url("projects:list", "outside_scope=on")))
    return found
