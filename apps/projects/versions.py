"""Versions of an application (django-simple-history keeps one per save of the project, its
metrics and its team). After a return and resubmission, what changed since the previous
submission, field by field, for the recommending unit and the commission."""

from dataclasses import dataclass

from .choices import BenefitArea
from .models import Metric, Project, TeamMember

SUBMISSIONS = ("submit", "resubmit")
COMPARED = [
    "title",
    "category",
    "project_type",
    "benefit_areas",
    "has_patent",
    "has_software_copyright",
    "has_tech_appraisal",
    "has_standard",
    "plan_reason",
    "plan_current_state",
    "plan_goal",
    "plan_cause_analysis",
    "plan_countermeasures",
    "do_implementation",
    "check_method",
    "act_standardisation",
    "act_summary",
]


@dataclass
class Change:
    label: str
    before: str
    after: str


def _shown(field, value):
    if field.name == "benefit_areas":
        labels = dict(BenefitArea.choices)
        return "、".join(labels.get(a, a) for a in (value or []))
    if isinstance(value, bool):
        return "是" if value else "否"
    if field.choices:
        return str(dict(field.choices).get(value, value))
    return "" if value is None else str(value)


def _number(value):
    return "—" if value is None else f"{value.normalize():f}"


def _metric_line(m):
    direction = dict(Metric._meta.get_field("direction").choices).get(m.direction, m.direction)
    return f"{m.name}（{m.unit or '—'}，{direction}）：{_number(m.baseline)} → {_number(m.target)}"


def _member_line(t):
    role = dict(TeamMember._meta.get_field("role").choices).get(t.role, t.role)
    return f"{t.name} · {role} · {t.position or '—'} · {t.phone or '—'}"


def _rows_at(history, project_id, moment, line):
    """The rows as they stood at ``moment`` (the latest version of each row, deleted ones left out)."""
    latest = {}
    for record in history.filter(project_id=project_id, history_date__lte=moment).order_by("history_date", "history_id"):
        latest[record.id] = record
    return [line(r) for r in sorted(latest.values(), key=lambda r: r.id) if r.history_type != "-"]


def submission_times(project, log=None):
    """When the project was submitted and resubmitted, oldest first (``log``: the page's
    :func:`apps.projects.selectors.log_of`, else one query)."""
    if log is not None:
        return [row.created_at for row in log if row.transition in SUBMISSIONS]
    return list(project.transitions.filter(transition__in=SUBMISSIONS).order_by("created_at", "pk").values_list("created_at", flat=True))


def changes_since_previous_submission(project, log=None, *, metrics=None, team=None):
    """{"since": when, "changes": [Change]} once the project was submitted again after a return;
    None before that. ``metrics`` and ``team``: the project's rows, when the page has them."""
    times = submission_times(project, log)
    if len(times) < 2:
        return None
    since = times[-2]
    before = project.history.filter(history_date__lte=since).order_by("-history_date", "-history_id").first()
    if before is None:
        return None
    changes = []
    for name in COMPARED:
        field = Project._meta.get_field(name)
        old, new = _shown(field, getattr(before, name)), _shown(field, getattr(project, name))
        if old != new:
            changes.append(Change(str(field.verbose_name), old, new))
    for label, history, related, line in (
        ("效益指标", Metric.history, project.metrics.all() if metrics is None else metrics, _metric_line),
        ("项目团队", TeamMember.history, project.team_members.all() if team is None else team, _member_line),
    ):
        old_rows = _rows_at(history, project.pk, since, line)
        new_rows = [line(r) for r in sorted(related, key=lambda r: r.pk)]
        if old_rows != new_rows:
            changes.append(Change(label, "\n".join(old_rows) or "—", "\n".join(new_rows) or "—"))
    return {"since": since, "changes": changes}
