"""``{{ assignment|review_row }}``: one row of the expert's list of projects to review."""

from django import template
from django.utils.safestring import mark_safe

from apps.common.templatetags.scoring import score_total, status_tag
from apps.common.widgets import escape

register = template.Library()

_CELL = "\n        "


@register.filter
def review_row(assignment):
    """The table row of ``assignment`` (a row of selectors.my_assignment_rows with its
    ``place`` and ``review_url``): number, the project linked to its review while the
    assignment is active, organisation, type, scoring status (with the recusal reason once
    recused), total (— for none) and the button to score or to look. The markup of the
    template row it replaced, escaped and localised alike: fifty of them took longer through
    the template's tags than the rest of the page."""
    title = escape(assignment["project__title"])
    total = assignment["score__total"]
    if assignment["is_active"]:
        url = escape(assignment["review_url"])
        project = f'<a href="{url}">{title}</a>'
        reason = ""
        if assignment["is_submitted"]:
            button = f'<a class="btn small secondary" href="{url}">查看</a>'
        else:
            button = f'<a class="btn small" href="{url}">评分</a>'
    else:
        project, button = title, ""
        reason = f'<div class="muted">{escape(assignment["recusal_reason"])}</div>'
    cells = (
        f"<td>{escape(assignment['place'])}</td>",
        f'<td>{project}<div class="muted">{escape(assignment["number"])}</div></td>',
        f"<td>{escape(assignment['project__organization__name'])}</td>",
        f"<td>{escape(assignment['project_type_label'])}</td>",
        f"<td>{status_tag(assignment['scoring_status'])}{reason}</td>",
        f'<td class="num">{score_total(total)}</td>',
        f"<td>{button}</td>",
    )
    return mark_safe(f"<tr>{_CELL}{_CELL.join(cells)}\n      </tr>")
