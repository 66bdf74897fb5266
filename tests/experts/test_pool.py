"""第五条(三): the agency manages the 专家库; Excel export and import; declared conflicts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.accounts.roles import Role
from apps.review import services
from apps.review.excel_io import HEADERS
from apps.review.models import Expert, ReviewAuditEvent

FORM = {
    "username": "newexpert",
    "name": "钱学东",
    "employer_name": "天津大学",
    "employer_credit_code": "",
    "title": "教授",
    "specialties": ["equipment", "materials"],
    "phone": "13800000000",
    "email": "q@example.com",
    "term_start": "2026-01-01",
    "term_end": "2028-12-31",
}


@pytest.mark.django_db
def test_agency_adds_an_expert_and_sees_the_initial_password(client, agency):
    client.force_login(agency)
    r = client.post(reverse("experts:expert_add"), dict(FORM, employer_credit_code="91120000IIIIIIIIII"))
    assert r.status_code == 200 and "统一社会信用代码" in r.content.decode()
    assert 'value="钱学东"' in r.content.decode()  # input kept
    r = client.post(reverse("experts:expert_add"), FORM, follow=True)
    expert = Expert.objects.get(user__username="newexpert")
    assert expert.user.has_role(Role.EXPERT) and expert.specialties == ["equipment", "materials"]
    assert "初始密码" in r.content.decode()
    assert ReviewAuditEvent.objects.filter(action="expert_added", expert=expert).exists()


@pytest.mark.django_db
def test_edit_form_shows_the_term_so_saving_keeps_it(client, agency, make_expert):
    import datetime

    e = make_expert(term_start=datetime.date(2026, 1, 1), term_end=datetime.date(2028, 12, 31))
    client.force_login(agency)
    body = client.get(reverse("experts:expert_detail", args=[e.pk])).content.decode()
    # <input type="date"> shows only ISO dates; anything else reads as empty and is lost on save.
    assert 'value="2026-01-01"' in body and 'value="2028-12-31"' in body
    services.update_expert(expert=e, actor=agency, title="研究员", term_end=datetime.date(2029, 12, 31))
    # The audit trail names the fields in Chinese.
    assert ReviewAuditEvent.objects.filter(action="expert_changed", expert=e).latest("pk").message == "修改：职称/职务、聘期结束"


@pytest.mark.django_db
def test_suspend_and_retire_need_a_reason(client, agency, make_expert):
    e = make_expert()
    client.force_login(agency)
    client.post(reverse("experts:expert_status", args=[e.pk]), {"status": "suspended", "reason": ""})
    e.refresh_from_db()
    assert e.status == "active"
    client.post(reverse("experts:expert_status", args=[e.pk]), {"status": "retired", "reason": "聘期届满"})
    e.refresh_from_db()
    assert e.status == "retired" and e.status_reason == "聘期届满"
    assert e not in Expert.objects.active()


@pytest.mark.django_db
def test_export_then_import_round_trip(client, agency, make_expert):
    make_expert("甲专家", title="研究员")
    client.force_login(agency)
    r = client.get(reverse("experts:expert_export"))
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.getvalue())).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and rows[1][1] == "甲专家"
    # Change the title, add one good and one bad row.
    wb = Workbook()
    sheet = wb.active
    sheet.append(HEADERS)
    first = list(rows[1])
    first[4] = "正高级工程师"
    sheet.append(first)
    sheet.append(["imp1", "孙导入", "天津工业大学", "", "教授", "装备制造、新材料", "", "", "2026-01-01", "2027-12-31", "在库"])
    sheet.append(["imp2", "", "某单位", "91120000IIIIIIIIII", "", "不存在的领域", "", "", "", "", "在库"])
    buf = io.BytesIO()
    wb.save(buf)
    upload = SimpleUploadedFile("专家库.xlsx", buf.getvalue())
    r = client.post(reverse("experts:expert_import"), {"file": upload}, follow=True)
    body = r.content.decode()
    assert "新增1人，更新1人，未变化0人" in body and "第4行" in body and "不存在的领域" in body
    assert "统一社会信用代码" in body and "。；" not in body
    assert Expert.objects.get(name="甲专家").title == "正高级工程师"
    assert Expert.objects.get(user__username="imp1").specialties == ["equipment", "materials"]
    assert not Expert.objects.filter(user__username="imp2").exists()
    # The same sheet again: nothing changed, so nothing is counted as 更新 and nothing is audited.
    changes = ReviewAuditEvent.objects.filter(action="expert_changed").count()
    upload = SimpleUploadedFile("专家库.xlsx", buf.getvalue())
    body = client.post(reverse("experts:expert_import"), {"file": upload}, follow=True).content.decode()
    assert "新增0人，更新0人，未变化2人" in body
    assert ReviewAuditEvent.objects.filter(action="expert_changed").count() == changes


@pytest.mark.django_db
def test_expert_declares_a_conflict(client, make_expert, organization):
    e = make_expert()
    client.force_login(e.user)
    assert "请选择申报组织" in client.get(reverse("experts:conflicts")).content.decode()  # not "---------"
    r = client.post(reverse("experts:conflicts"), {"organization": organization.pk, "reason": ""})
    assert r.status_code == 200 and not e.conflicts.exists()
    r = client.post(reverse("experts:conflicts"), {"organization": organization.pk, "reason": "近3年曾在该单位任职"})
    assert r.status_code == 302
    c = e.conflicts.get()
    assert c.declared_at is not None and c.reason == "近3年曾在该单位任职"
    with pytest.raises(services.ReviewRefused):
        services.declare_conflict(expert=e, organization=organization, reason="again", actor=e.user)


@pytest.mark.django_db
def test_audit_trail_is_append_only(make_expert):
    e = make_expert()
    event = ReviewAuditEvent.objects.filter(expert=e).first()
    event.message = "篡改"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


@pytest.mark.django_db
def test_panel_selects_ask_in_chinese(client, agency, make_expert, small_campaign):
    from apps.review.models import Panel

    panel = Panel.objects.create(campaign=small_campaign, name="测试评审组", created_by=agency)
    make_expert()
    client.force_login(agency)
    body = client.get(reverse("experts:panel_detail", args=[panel.pk])).content.decode()
    assert "请选择组长" in body and "---------" not in body
    chooser = client.get(reverse("experts:panel_add_member", args=[panel.pk])).content.decode()
    assert "请选择专家" in chooser and "---------" not in chooser


def test_panel_assignment_starts_with_nothing_ticked(client, agency, make_expert, make_project, make_panel):
    panel = make_panel([make_expert(), make_expert(), make_expert()])
    panel.specialty = "equipment"
    panel.save(update_fields=["specialty"])
    matching = make_project(title="降低主轴异常停机次数")
    client.force_login(agency)
    body = client.get(reverse("experts:panel_detail", args=[panel.pk])).content.decode()
    assert f'id="proj-{matching.pk}"' in body
    assignment_table = body[body.index("分配项目（第十六条") :]
    assert " checked" not in assignment_table[: assignment_table.index("抽取评审专家并分配")]


@pytest.mark.django_db
def test_the_pool_list_shows_each_experts_row(client, agency, make_expert):
    import datetime

    e = make_expert("周列表", specialties=["energy", "food"], term_start=datetime.date(2026, 3, 1), title="研究员")
    services.set_expert_status(expert=e, status="suspended", actor=agency, reason="出国")
    make_expert("吴无期")
    client.force_login(agency)
    body = client.get(reverse("experts:expert_list")).content.decode()
    row = body[body.index("周列表") - 200 : body.index("周列表") + 900]
    assert f'<a href="/experts/pool/{e.pk}/">周列表</a><div class="muted">expert1</div>' in row
    assert "<td>能源电力、食品</td>" in row and "<td>研究员</td>" in row
    assert "2026-03-01 至<br>—" in row
    assert '<span class="status-tag draft">暂停</span>' in row and '<td class="num">0</td>' in row
    other = body[body.index("吴无期") : body.index("吴无期") + 900]
    assert "expert2" in other and "<td>装备制造</td>" in other and '<td class="nowrap">—</td>' in other
    assert '<span class="status-tag submitted">在库</span>' in other
