"""The panel screen's per-assignment markup, written in Python rather than as template loops
and included templates: the progress table shows a status tag for each of its couple of
hundred assignments, and a recusal choice for each active one."""

from django import template
from django.utils.safestring import mark_safe

from apps.common.widgets import escape

register = template.Library()


def _status_tag(scoring_status):
    style = f" {scoring_status.value}" if scoring_status.value else ""
    return f'<span class="status-tag{style}">{escape(scoring_status.label)}</span>'


@register.filter
def status_tag(scoring_status):
    """``{{ assignment.scoring_status|status_tag }}``: an assignment's status tag (recused,
    submitted, draft, waiting for a score)."""
    return mark_safe(_status_tag(scoring_status))


@register.filter
def assignment_lines(assignments):
    """``{{ row.assignments|assignment_lines }}``: a line for each of a project's assignments
    (rows of apps.review.selectors.panel_progress): the expert, the status tag, the expert it
    replaces and, once recused, the reason."""
    lines = []
    for assignment in assignments:
        line = f"<div>{escape(assignment['expert_name'])} {_status_tag(assignment['scoring_status'])}"
        if assignment["replaces_name"]:
            line += f' <span class="muted">（替换{escape(assignment["replaces_name"])}）</span>'
        if not assignment["is_active"]:
            line += f' <span class="muted">{escape(assignment["recusal_reason"])}</span>'
        lines.append(line + "</div>")
    return mark_safe("".join(lines))


@register.filter
def recusal_options(assignments):
    """``{{ row.assignments|recusal_options }}``: an ``<option>`` for each active assignment of
    a project, its value the assignment's recusal address (``recuse_url``), its text the
    expert's name."""
    return mark_safe(
        "".join(
            f'<option value="{escape(assignment["recuse_url"])}">{escape(assignment["expert_name"])}</option>'
            for assignment in assignments
            if assignment["is_active"]
        )
    )
