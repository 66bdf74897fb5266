"""The decision list's rows written in Python (apps.office.templatetags.award_rows) write what
the template's loop wrote, escaped alike: every case of each cell, the level's form while the
list is a draft (with its CSRF field and an error) and the level as text once it is not."""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import engines
from django.test import RequestFactory
from django.middleware.csrf import _unmask_cipher_token

pytestmark = pytest.mark.django_db

# The rows as office/awards/_entry_rows.html wrote them, before {% decision_rows %}.
TEMPLATE = """{% load l10n rows %}{% comment %}Keys, ranks and scores written as they are (no thousands separator is used): localizing each of a
page's hundred and fifty numbers cost more than the rest of its rows.{% endcomment %}{% localize off %}{% for entry in entries %}<tr id="entry-{{ entry.pk }}">
  <td>{{ entry.rank|default:"—" }}</td>
  <td>{{ entry.title }}{% if entry.adjusted %} <span class="pill" title="与专家组建议不同">已调整</span>{% endif %}{% if entry.gap_note %}<div class="flag gap-note">⚑ {{ entry.gap_note }}</div>{% endif %}</td>
  <td>{{ entry.organization_name }}</td>
  <td>{{ entry.recommender_name|default:"—" }}</td>
  <td class="num">{{ entry.score|default:"—" }}</td>
  <td>{{ entry.proposed_level_label|default:"—" }}</td>
  <td>
    {% if can_decide and award_list.status == "draft" %}
      <form method="post" action="{% row_url 'awards:set_level' entry.pk %}" hx-post="{% row_url 'awards:set_level' entry.pk %}" hx-target="#entry-{{ entry.pk }}" hx-swap="outerHTML" hx-trigger="change">{% csrf_token %}
        <select name="level" aria-label="等级">
          <option value=""{% if not entry.level %} selected{% endif %}>不授奖</option>
          <option value="first"{% if entry.level == "first" %} selected{% endif %}>一等奖</option>
          <option value="second"{% if entry.level == "second" %} selected{% endif %}>二等奖</option>
          <option value="third"{% if entry.level == "third" %} selected{% endif %}>三等奖</option>
        </select>
        <noscript><button class="btn small" type="submit">保存</button></noscript>
      </form>
      {% if error %}<div class="errorlist">{{ error }}</div>{% endif %}
    {% elif entry.level and entry.state == "not_awarded" %}<s>{{ entry.level_label }}</s> <span class="muted">已撤出名单</span>
    {% else %}{{ entry.level_label|default:"不授奖" }}{% endif %}
  </td>
  <td>{{ entry|state_badge }}{% if entry.can_revoke %} <a class="btn small danger" href="{% row_url 'awards:revoke' entry.project_id %}">撤销奖项</a>{% endif %}</td>
</tr>
{% endfor %}{% endlocalize %}"""

NEW = "{% load award_rows %}{% decision_rows %}"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def entries():
    """Each case of each cell: a rank and none, a score and none (and zero), a unit and none,
    an adjusted level with a gap note, each level and none, a project taken off the list, text
    to escape, a revocable award."""
    base = {"adjusted": False, "gap_note": None, "can_revoke": False}
    return [
        {**base, "pk": 11, "rank": 1, "score": Decimal("92.35"), "level": "first", "proposed_level": "first", "project_id": 101, "title": "降低焊接返修率",
         "state": "reviewed", "organization_name": "天津行示例有限公司", "recommender_name": "和平区市场监督管理局", "level_label": "一等奖",
         "proposed_level_label": "一等奖", "state_label": "已评审"},
        {**base, "pk": 12, "rank": None, "score": None, "level": "", "proposed_level": "third", "project_id": 102, "title": "提高<一次>交检合格率 & “质量”",
         "state": "reviewed", "organization_name": 'A&B "公司"', "recommender_name": None, "level_label": "", "proposed_level_label": "三等奖",
         "state_label": "已评审", "adjusted": True, "gap_note": "与第3名相差 <5> 分"},
        {**base, "pk": 13, "rank": 3, "score": Decimal("0"), "level": "second", "proposed_level": "", "project_id": 103, "title": "标题",
         "state": "not_awarded", "organization_name": "<b>组织</b>", "recommender_name": "", "level_label": "二等奖", "proposed_level_label": "",
         "state_label": "未获奖", "adjusted": True},
        {**base, "pk": 1234, "rank": 1000, "score": Decimal("88.5"), "level": "third", "proposed_level": "third", "project_id": 104, "title": "获奖项目",
         "state": "awarded", "organization_name": "组织", "recommender_name": "单位<i>", "level_label": "三等奖", "proposed_level_label": "三等奖",
         "state_label": "已获奖", "can_revoke": True},
    ]


@pytest.mark.parametrize("status", ["draft", "notice", "announced"])
@pytest.mark.parametrize("can_decide", [True, False])
@pytest.mark.parametrize("error", ["", "超出第四条名额：一等奖"])
def test_the_rows_write_the_template_rows(status, can_decide, error):
    context = {"entries": entries(), "award_list": SimpleNamespace(status=status), "can_decide": can_decide, "error": error}
    request = RequestFactory().get("/")
    template, new = engines["django"].from_string(TEMPLATE), engines["django"].from_string(NEW)
    expected, written = template.render(context, request), new.render(context, request)
    # Each rendering masks the request's CSRF secret afresh: the same secret, in other letters.
    tokens = [CSRF_FIELD.findall(text) for text in (expected, written)]
    assert {_unmask_cipher_token(token) for found in tokens for token in found} <= {request.META.get("CSRF_COOKIE")}
    assert CSRF_FIELD.sub("TOKEN", written) == CSRF_FIELD.sub("TOKEN", expected)
    if can_decide and status == "draft":
        assert len(tokens[1]) == 4 and expected.count("<select") == 4
        assert ('<div class="errorlist">' in expected) == bool(error)
        assert '<option value="" selected>不授奖</option>' in expected and '<option value="first" selected>一等奖</option>' in expected
    else:
        assert "<select" not in expected and "<s>二等奖</s>" in expected and "<td>\n    不授奖\n  </td>" in expected
    assert "<td>—</td>" in expected and '<td class="num">—</td>' in expected and "&lt;一次&gt;" in expected and "与第3名相差 &lt;5&gt; 分" in expected
    assert '<td class="num">92.35</td>' in expected and "<td>1000</td>" in expected and 'href="/awards/manage/projects/104/revoke/"' in expected


def test_no_list_and_no_entries():
    for context in ({"entries": [], "award_list": None}, {"award_list": None}, {"entries": entries(), "award_list": None, "can_decide": True}):
        request = RequestFactory().get("/")
        assert engines["django"].from_string(NEW).render(context, request) == engines["django"].from_string(TEMPLATE).render(context, request)
