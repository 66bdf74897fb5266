"""The panel screen's per-assignment markup, written in Python rather than as template loops
and included templates: the progress table shows a status tag for each of its couple of
hundred assignments, and a recusal choice for each active one."""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.formats import localize
from django.utils.safestring import mark_safe

from apps.common.widgets import escape

register = template.Library()


def _status_tag(scoring_status):
    style = f" {scoring_status.value}" if scoring_status.value else ""
    return f'<span class="status-tag{style}">{escape(scoring_status.label)}</span>'


def score_total(total):
    """A score's total as a table cell writes it: localised, — for none (blank or zero)."""
    return escape(localize(total)) if total else "—"


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


_CSRF_FIELD = object()


@register.simple_tag(takes_context=True)
def recusal_controls(context, row, page, scorers):
    """``{% recusal_controls row page scorers %}``: a progress row's controls for the agency —
    the top-up form while the project has fewer than ``scorers`` active experts, and the
    recusal form choosing among its active ones — both sending ``page`` back, with the CSRF
    field Django's ``{% csrf_token %}`` writes. The row needs ``top_up_url`` and
    ``assignments`` (each with ``recuse_url``)."""
    # One request, one token: the field is written once a rendering, not once a row.
    csrf = context.render_context.get(_CSRF_FIELD)
    if csrf is None:
        csrf = context.render_context[_CSRF_FIELD] = CsrfTokenNode().render(context)
    top_up = (
        f'<form method="post" action="{escape(row["top_up_url"])}" class="mt-6">{csrf}'
        f'<input type="hidden" name="page" value="{escape(page)}">'
        f'<button class="btn small warning" type="submit">补抽至{escape(scorers)}人</button></form>'
        if row["n"] < scorers
        else ""
    )
    return mark_safe(
        f"""{top_up}
          <details class="mt-6 text-left"><summary class="muted">代为回避</summary>
            <form method="post" class="inline-form" action="" data-action-from-select>{csrf}<input type="hidden" name="page" value="{escape(page)}">
              <select aria-label="回避专家">{recusal_options(row["assignments"])}</select>
              <input type="text" name="reason" placeholder="回避理由" required maxlength="300" aria-label="回避理由">
              <button class="btn small danger" type="submit">回避</button>
            </form></details>"""
    )
