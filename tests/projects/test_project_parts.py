"""The project page's timeline and attachment lists written in Python
(apps.common.templatetags.project_parts) write what their templates wrote, escaped alike:
every case of a timeline line (a state change or a step of the duplicate check, with or without
who, role and comment), a moment just after midnight in Asia/Shanghai, sizes in bytes, KB and
MB, and markup in every text."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.template import engines

from apps.projects.selectors import TimelineEntry

pytestmark = pytest.mark.django_db

# partials/projects/_timeline.html and _attachments.html, before the filters.
TIMELINE = """{% load rows %}
{% if timeline %}
<ul class="timeline">
  {% for entry in timeline %}
  <li>
    <div><strong>{{ entry.label }}</strong>{% if entry.from_label %} <span class="muted">{{ entry.from_label }} → {{ entry.to_label }}</span>{% endif %}</div>
    <div class="when">{{ entry.created_at|minute }} · {{ entry.actor|default:"系统" }}{% if entry.role %}（{{ entry.role }}）{% endif %}</div>
    {% if entry.comment %}<div class="pre">{{ entry.comment }}</div>{% endif %}
  </li>
  {% endfor %}
</ul>
{% else %}<p class="muted">尚未提交，暂无流转记录。</p>{% endif %}"""
ATTACHMENTS = """{% load rows %}{% if files %}
<ul>{% for attachment in files %}<li><a href="{% url 'projects:attachment' project.pk attachment.pk %}">{{ attachment.original_name }}</a> <span class="muted">{{ attachment.size|filesizeformat }} · {{ attachment.uploaded_at|minute }}</span></li>{% endfor %}</ul>
{% else %}<p class="muted">暂无附件。</p>{% endif %}"""


def _same_markup(html):
    """The markup with the whitespace between tags and at its ends left out."""
    return re.sub(r">\s+<", "><", html.strip())


def _both(old, new, context):
    engine = engines["django"]
    return _same_markup(engine.from_string(old).render(context)), _same_markup(engine.from_string(new).render(context))


UTC = datetime.timezone.utc


def test_the_timeline_is_written_as_its_template_wrote_it(applicant):
    applicant.full_name = "王<五>"
    entries = [
        TimelineEntry(label="提交申报", created_at=datetime.datetime(2026, 3, 1, 16, 5, tzinfo=UTC), actor=applicant, role="申报组织", comment="", from_label="草稿", to_label="已提交"),
        TimelineEntry(label="退回修改", created_at=datetime.datetime(2026, 3, 2, 1, 0, tzinfo=UTC), actor=None, role="", comment="请补充<附件>\n第二行 & 说明"),
        TimelineEntry(label="查重认定：不同（第七条(四)）", created_at=datetime.datetime(2026, 3, 3, 15, 59, tzinfo=UTC), actor="李四", role="市市场监管委", comment="理由", kind="finding"),
        TimelineEntry(label="<b>确认</b>", created_at=datetime.datetime(2026, 3, 4, 12, 0, tzinfo=UTC), actor="", role="推荐单位", comment="", kind="acknowledgement"),
    ]
    for timeline in (entries, entries[:1], []):
        old, new = _both(TIMELINE, "{% load project_parts %}{{ timeline|timeline_list }}", {"timeline": timeline})
        assert new == old
    written, _ = _both(TIMELINE, "", {"timeline": entries})
    assert "2026-03-02 00:05" in written and "2026-03-03 23:59" in written  # Asia/Shanghai
    assert "王&lt;五&gt;" in written and "&lt;b&gt;确认&lt;/b&gt;" in written and "· 系统" in written
    assert "尚未提交，暂无流转记录。" in _both(TIMELINE, "", {"timeline": []})[0]


def test_the_attachment_list_is_written_as_its_template_wrote_it():
    project = SimpleNamespace(pk=41)
    files = [
        SimpleNamespace(pk=7, original_name="申报书<终稿>.pdf", size=900, uploaded_at=datetime.datetime(2026, 5, 1, 16, 30, tzinfo=UTC)),
        SimpleNamespace(pk=8, original_name="A&B.png", size=153_600, uploaded_at=datetime.datetime(2026, 5, 2, 3, 4, tzinfo=UTC)),
        SimpleNamespace(pk=9, original_name="扫描件.pdf", size=2 * 1024 * 1024 + 1, uploaded_at=None),
    ]
    for listed in (files, files[1:2], []):
        old, new = _both(ATTACHMENTS, "{% load project_parts %}{{ files|attachment_list:project }}", {"files": listed, "project": project})
        assert new == old
    written, _ = _both(ATTACHMENTS, "", {"files": files, "project": project})
    assert '<a href="/projects/41/files/7/">' in written
    assert "申报书&lt;终稿&gt;.pdf" in written and "A&amp;B.png" in written and "2026-05-02 00:30" in written
