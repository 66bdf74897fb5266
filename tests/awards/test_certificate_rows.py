"""The staff certificates page's rows written in Python (apps.office.templatetags.award_rows
.certificate_rows) write what its template's loop wrote, escaped alike: a revoked award, a
best-organisation certificate (no title), a file not yet generated, sizes in bytes, KB and MB,
markup in every text and a code with characters a link quotes."""

from types import SimpleNamespace

import pytest
from django.template import engines

pytestmark = pytest.mark.django_db

# office/awards/certificates.html's loop, before the filter.
LOOP = """{% for certificate in certificates %}
      <tr><td>{{ certificate.serial }}</td><td>{{ certificate.holder }}</td><td>{{ certificate.title|default:"最佳组织奖" }}</td><td>{{ certificate.level_label }}{% if certificate.is_revoked %} <span class="state revoked">已撤销</span>{% endif %}</td>
        <td><a href="{% url 'awards_public:verify' certificate.code %}">{{ certificate.code }}</a></td>
        <td>{% if certificate.pdf %}<a href="{% url 'awards:download' certificate.pk %}">下载PDF</a> <span class="muted">{{ certificate.pdf_size|filesizeformat }}</span>{% else %}<span class="muted">未生成</span>{% endif %}</td></tr>
    {% endfor %}"""

ROWS = [
    {"pk": 1, "kind": "project", "serial": "TJQA2026-000001", "code": "B2026000000001", "holder": "天津<焊接>&有限公司",
     "title": "降低\"返修\"率", "level_label": "一等奖", "pdf": "certificates/1.pdf", "pdf_size": 1234567, "project__state": "awarded"},
    {"pk": 2, "kind": "project", "serial": "TJQA2026-000002", "code": "B 2026+x'y", "holder": "天津制造",
     "title": "提高合格率", "level_label": "二等奖", "pdf": "certificates/2.pdf", "pdf_size": 2048, "project__state": "revoked"},
    {"pk": 3, "kind": "best_organization", "serial": "TJQA2026-B001", "code": "C2026中", "holder": "滨海新区市场监督管理局",
     "title": "", "level_label": "最佳组织奖", "pdf": "certificates/3.pdf", "pdf_size": 512, "project__state": None},
    {"pk": 4, "kind": "project", "serial": "TJQA2026-000004", "code": "B2026000000004", "holder": "天津精工",
     "title": "缩短交付周期", "level_label": "三等奖", "pdf": "", "pdf_size": 0, "project__state": "awarded"},
]


def _as_certificate(row):
    """The row as the template read a Certificate: its file, and whether the award was revoked."""
    return SimpleNamespace(**row, is_revoked=row["kind"] == "project" and row["project__state"] == "revoked")


def test_the_rows_are_what_the_template_wrote():
    engine = engines["django"]
    before = engine.from_string(LOOP).render({"certificates": [_as_certificate(row) for row in ROWS]})
    after = engine.from_string("{% load award_rows %}{{ certificates|certificate_rows }}").render({"certificates": ROWS})
    assert after == before
    assert "已撤销" in after.split("TJQA2026-000002")[1].split("</tr>")[0]
    assert "已撤销" not in after.split("TJQA2026-000001")[1].split("</tr>")[0]
    assert "<td>最佳组织奖</td>" in after and '<span class="muted">未生成</span>' in after
    assert "天津&lt;焊接&gt;&amp;有限公司" in after and "/verify/B%202026+x&#x27;y/" in after
