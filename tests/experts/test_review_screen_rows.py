"""The review screen's rubric rows and attachment blocks (apps.expert.templatetags.review_screen)
write what their template loops wrote, escaping, number formatting and whitespace included."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import engines

from apps.campaigns.models import RubricCriterion
from apps.expert.templatetags.review_screen import attachment_blocks, criterion_rows
from apps.projects.models import Attachment

# The loop of partials/score_form.html before {% criterion_rows %}.
TEMPLATE_CRITERION_ROWS = """{% for row in criteria_rows %}
      <tr{% if row.error %} class="has-error"{% endif %}>
        <td><label for="{{ row.field }}" class="m-0">{{ row.criterion.name }}</label><div class="muted">{{ row.criterion.description }}</div>{% if row.error %}<ul class="errorlist"><li>{{ row.error }}</li></ul>{% endif %}</td>
        <td class="max">{{ row.max }}</td>
        <td class="max">{{ row.criterion.weight|floatformat:"-2" }}</td>
        <td><input type="number" id="{{ row.field }}" name="{{ row.field }}" value="{{ row.value }}" min="0" max="{{ row.max }}" step="0.5"
                   data-max="{{ row.max }}" data-weight="{{ row.criterion.weight }}"
                   inputmode="decimal" {% if locked %}disabled{% endif %}{% if forloop.first and not locked %} autofocus{% endif %}></td>
      </tr>
    {% endfor %}"""

# The loop of review.html before {% attachment_blocks %}.
TEMPLATE_ATTACHMENT_BLOCKS = """{% for att in attachments %}
        {% url 'experts:attachment' assignment.pk att.pk as att_url %}<details{% if forloop.first %} open{% endif %} class="mb-8">
          <summary>{{ att.get_kind_display }}：{{ att.original_name }} <span class="muted">（{{ att.size|filesizeformat }}）</span></summary>
          <p class="m-0"><a href="{{ att_url }}" target="_blank" rel="noopener">在新窗口打开“{{ att.original_name }}”</a></p>
          {% if "image/" in att.content_type %}
            <img class="attachment-img" loading="lazy" src="{{ att_url }}" alt="{{ att.original_name }}">
          {% elif att.content_type == "application/pdf" %}
            <iframe class="attachment-frame" loading="lazy" title="{{ att.original_name }}" src="{{ att_url }}"></iframe>
          {% else %}<p class="muted">该类型文件请在新窗口打开。</p>{% endif %}
        </details>
      {% empty %}<p class="muted">无附件</p>{% endfor %}"""


def _render(source, **context):
    return engines["django"].from_string(source).render(context)


def _criteria_rows():
    weights = ["1.00", "1.50", "0.25", "12.00"]
    rows = []
    for n, weight in enumerate(weights):
        criterion = RubricCriterion(pk=40 + n, name=f"原因<分析>&“{n}”", description="要因确认<有依据>" if n != 2 else "", max_points=15 + n, weight=Decimal(weight))
        rows.append(
            {
                "criterion": criterion,
                "field": f"c{criterion.pk}",
                "max": str(criterion.max_points),
                "value": ["", "13.5", "<b>7</b>", "0"][n],
                "error": [None, "得分不能超过满分<15>", "", None][n],
            }
        )
    return rows


@pytest.mark.parametrize("locked", [False, True])
@pytest.mark.parametrize("count", [0, 1, 4])
def test_the_criterion_rows_are_the_template_loops(locked, count):
    rows = _criteria_rows()[:count]
    expected = _render(TEMPLATE_CRITERION_ROWS, criteria_rows=rows, locked=locked)
    assert criterion_rows(rows, locked) == expected
    if count:
        assert "<分析>" not in expected and "<b>7" not in expected and ("autofocus" in expected) is not locked


def _attachment(pk, kind, name, content_type, size):
    return Attachment(pk=pk, kind=kind, original_name=name, content_type=content_type, size=size)


ATTACHMENTS = [
    _attachment(7, "application", "申报书<终稿>&“甲”.pdf", "application/pdf", 123_456),
    _attachment(8, "results", "现场照片\"1\".png", "image/png", 2_048),
    _attachment(9, "stamped_results", "数据'表'.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 0),
    _attachment(10, "stamped_application", "扫描件.pdf", "application/pdf", 5 * 1024 * 1024 * 1024),
]


@pytest.mark.parametrize("count", [0, 1, 2, 4])
def test_the_attachment_blocks_are_the_template_loops(count):
    assignment = SimpleNamespace(pk=31)
    attachments = ATTACHMENTS[:count]
    expected = _render(TEMPLATE_ATTACHMENT_BLOCKS, assignment=assignment, attachments=attachments)
    assert attachment_blocks(assignment, attachments) == expected
    if count:
        assert "/experts/review/31/files/7/" in expected and "<终稿>" not in expected
