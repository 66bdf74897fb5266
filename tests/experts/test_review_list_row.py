"""The expert's list of projects to review: the review_row filter writes what the template row
wrote, escaping and number formatting included."""

from decimal import Decimal

import pytest
from django.template import engines

from apps.expert.templatetags.review_list import review_row
from apps.review.models import ScoringStatus

# The row as the list's template wrote it with template tags, before the review_row filter.
TEMPLATE_ROW = """{% load scoring %}<tr>
        <td>{{ assignment.place }}</td>
        <td>{% if assignment.is_active %}<a href="{{ assignment.review_url }}">{{ assignment.project__title }}</a>{% else %}{{ assignment.project__title }}{% endif %}<div class="muted">{{ assignment.number }}</div></td>
        <td>{{ assignment.project__organization__name }}</td>
        <td>{{ assignment.project_type_label }}</td>
        <td>{{ assignment.scoring_status|status_tag }}{% if not assignment.is_active %}<div class="muted">{{ assignment.recusal_reason }}</div>{% endif %}</td>
        <td class="num">{{ assignment.score__total|default:"—" }}</td>
        <td>{% if assignment.is_active %}<a class="btn small{% if assignment.is_submitted %} secondary{% endif %}" href="{{ assignment.review_url }}">{% if assignment.is_submitted %}查看{% else %}评分{% endif %}</a>{% endif %}</td>
      </tr>"""

STATES = {
    "submitted": (True, True, ScoringStatus.SUBMITTED),
    "draft": (True, False, ScoringStatus.DRAFT),
    "waiting": (True, False, ScoringStatus.WAITING),
    "recused": (False, False, ScoringStatus.RECUSED),
}


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("total", [None, "0.00", "87.25", "1234.50"])
def test_the_review_row_filter_writes_the_template_row(state, total):
    is_active, is_submitted, scoring_status = STATES[state]
    assignment = {
        "place": "51",
        "review_url": "/experts/review/12/?next=<a>&b",
        "project__title": "项目<甲>&“乙”",
        "number": "ZLGG202600012",
        "project__organization__name": "天津<某>有限公司",
        "project_type_label": "现场改进型",
        "scoring_status": scoring_status,
        "recusal_reason": "曾<任>顾问" if not is_active else "",
        "score__total": None if total is None else Decimal(total),
        "is_active": is_active,
        "is_submitted": is_submitted,
    }
    expected = engines["django"].from_string(TEMPLATE_ROW).render({"assignment": assignment})
    assert review_row(assignment) == expected
    assert "<甲>" not in expected and "<某>" not in expected
