"""Every awards list exports to Excel with Chinese headers: the rows of its page, its page's
permission checks and 404s, times in Beijing time, and a constant number of queries."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.awards.models import Certificate, Objection
from apps.awards.services.certificates import start_run
from apps.awards.services.objections import decide_objection, record_investigation
from apps.awards.services.revocation import revoke_award
from tests.awards.conftest import committing

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
OBJECTOR = "王建华"
# 16:30 UTC is 00:30 of the next day in Beijing.
UTC_TIME = datetime.datetime(2026, 5, 1, 16, 30, tzinfo=datetime.UTC)
BEIJING = "2026-05-02 00:30"


def _sheet(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    ws = load_workbook(BytesIO(response.getvalue())).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def _cells(rows):
    return {str(v) for row in rows for v in row if v is not None}


def _objection(project, **fields):
    return Objection.objects.create(project=project, name=OBJECTOR, unit_name="某检测公司", phone="13812345678", content="数据不实，请核查。", **fields)


def _status_by_role(client, url, users):
    got = []
    for user in users:
        client.logout()
        if user is not None:
            client.force_login(user)
        got.append(client.get(url).status_code)
    return got


# ---- the announced list (public, 第十九条) --------------------------------------------------


def test_results_export_has_the_public_columns_and_no_objector(client, campaign, announce_awards, recommender_unit, other_recommender_unit):
    first, second, third = announce_awards(3, levels=["first", "second", "third"], best_units=(other_recommender_unit,))
    _objection(first)
    rows = _sheet(client.get(reverse("awards:results_export", args=[campaign.year])))
    assert rows[0] == ["序号", "奖项等级", "成果名称", "获奖组织", "所在区", "所属行业", "推荐单位", "成果摘要"]
    assert [r[:3] for r in rows[1:4]] == [[1, "一等奖", first.title], [2, "二等奖", second.title], [3, "三等奖", third.title]]
    org = first.organization
    assert rows[1][3:7] == [org.name, org.get_district_display(), org.get_industry_display(), recommender_unit.name]
    assert rows[4][:4] == [4, "最佳组织奖", None, f"{other_recommender_unit.name}（{other_recommender_unit.get_kind_display()}）"]
    assert len(rows) == 5
    assert not {OBJECTOR, "13812345678", "某检测公司"} & _cells(rows)


def test_results_export_follows_the_page_filters(client, campaign, announce_awards, other_recommender_unit):
    first, second, third = announce_awards(3, levels=["first", "second", "second"], best_units=(other_recommender_unit,))
    url = reverse("awards:results_export", args=[campaign.year])
    rows = _sheet(client.get(url, {"level": "second"}))
    assert [r[:3] for r in rows[1:]] == [[1, "二等奖", second.title], [2, "二等奖", third.title]]  # no 最佳组织奖 row
    assert [r[2] for r in _sheet(client.get(url, {"level": "first"}))[1:]] == [first.title]
    assert [r[2] for r in _sheet(client.get(url, {"level": "no-such-level"}))[1:]] == [first.title, second.title, third.title, None]
    page = client.get(reverse("awards:results", args=[campaign.year]), {"level": "second", "page": 1}).content.decode()
    assert f'href="{url}?level=second"' in page and "导出筛选结果（Excel）" in page


def test_results_export_leaves_out_revoked_awards(client, campaign, announce_awards, commission):
    kept, revoked = announce_awards(2, levels=["first", "second"])
    revoke_award(project=revoked, actor=commission, reason="申报材料造假（第二十一条）。", evidence=SimpleUploadedFile("调查报告.pdf", PDF))
    rows = _sheet(client.get(reverse("awards:results_export", args=[campaign.year])))
    assert [r[2] for r in rows[1:]] == [kept.title]


def test_results_export_404_as_the_page(client, campaign, make_reviewed, commission, publish_list):
    make_reviewed(1)
    publish_list(campaign, commission)
    # The page says "not yet announced"; there is nothing to export.
    assert client.get(reverse("awards:results", args=[campaign.year])).status_code == 200
    assert client.get(reverse("awards:results_export", args=[campaign.year])).status_code == 404
    assert client.get(reverse("awards:results_export", args=[campaign.year + 1])).status_code == 404
    campaign.published = False
    campaign.save(update_fields=["published"])
    assert client.get(reverse("awards:results", args=[campaign.year])).status_code == 404
    assert client.get(reverse("awards:results_export", args=[campaign.year])).status_code == 404


# ---- the public notice (第十七条) -------------------------------------------------------------


def test_notice_export_lists_the_notice_for_everyone(client, campaign, make_reviewed, commission, applicant, expert, publish_list):
    first, second = make_reviewed(2, levels=["first", "second"])
    award_list = publish_list(campaign, commission)
    _objection(first)
    url = reverse("awards_public:notice_export", args=[campaign.year])
    for user in (None, applicant, expert):
        client.logout()
        if user is not None:
            client.force_login(user)
        rows = _sheet(client.get(url))
        assert rows[0] == ["序号", "奖项等级", "成果名称", "申报组织", "推荐单位", "成果简介", "公示截止"]
        assert [r[:3] for r in rows[1:]] == [[1, "一等奖", first.title], [2, "二等奖", second.title]]
        assert rows[1][6] == f"{award_list.notice_ends_on:%Y-%m-%d}"
        assert not {OBJECTOR, "13812345678", "某检测公司"} & _cells(rows)
    assert client.get(reverse("awards_public:notice_export", args=[campaign.year + 1])).status_code == 404


# ---- the commission's list (staff) -------------------------------------------------------


def test_decide_export_for_staff_only(client, campaign, make_reviewed, commission, agency, applicant, recommender, expert, publish_list):
    first, second, left_off = make_reviewed(3, levels=["first", "second", ""])
    publish_list(campaign, commission)
    url = reverse("awards:decide_export", args=[campaign.year])
    assert _status_by_role(client, url, [None, applicant, recommender, expert]) == [302, 403, 403, 403]
    for user in (commission, agency):
        client.force_login(user)
        rows = _sheet(client.get(url))
        assert rows[0] == ["专家组排名", "项目编号", "项目名称", "申报组织", "推荐单位", "评审得分", "专家组建议等级", "拟授奖等级", "与专家组建议不同", "项目状态", "备注"]
        assert [(r[0], r[1], r[2], r[7]) for r in rows[1:]] == [
            (1, first.number, first.title, "一等奖"),
            (2, second.number, second.title, "二等奖"),
            (3, left_off.number, left_off.title, "不授奖"),
        ]
        assert rows[1][5] == 90 and rows[1][9] == "公示中"
        assert (rows[1][3], rows[1][4]) == (first.organization.name, first.recommender.name)
    client.force_login(commission)
    assert client.get(reverse("awards:decide_export", args=[campaign.year + 1])).status_code == 404


def test_decide_export_before_the_list_is_opened_is_empty(client, campaign, commission):
    client.force_login(commission)
    rows = _sheet(client.get(reverse("awards:decide_export", args=[campaign.year])))
    assert len(rows) == 1 and rows[0][0] == "专家组排名"


# ---- objections (staff) -------------------------------------------------------------------


def test_objections_export_with_receipt_status_times_and_result(client, campaign, make_reviewed, commission, agency, applicant, recommender, expert, publish_list):
    upheld, untouched = make_reviewed(2, levels=["first", "second"])
    publish_list(campaign, commission)
    decided = _objection(upheld)
    record_investigation(objection=decided, actor=agency, investigation="经核实，节能数据与年报不符。")
    decide_objection(objection=decided, actor=commission, upheld=True, reason="申报数据不实，撤出获奖名单。")
    Objection.objects.filter(pk=decided.pk).update(created_at=UTC_TIME, investigated_at=UTC_TIME, decided_at=UTC_TIME)
    waiting = _objection(untouched)
    url = reverse("awards:objections_export")
    assert _status_by_role(client, url, [None, applicant, recommender, expert]) == [302, 403, 403, 403]
    client.force_login(agency)
    rows = _sheet(client.get(url))
    assert rows[0] == ["受理编号", "提交时间", "年度", "项目编号", "异议项目", "申报组织", "异议人类型", "异议人", "单位名称", "处理状态", "核实时间", "结论时间", "处理结论及理由"]
    by_code = {r[0]: r for r in rows[1:]}
    assert set(by_code) == {decided.receipt_code, waiting.receipt_code}
    assert by_code[decided.receipt_code] == [
        decided.receipt_code, BEIJING, campaign.year, upheld.number, upheld.title, upheld.organization.name,
        "个人", OBJECTOR, "某检测公司", "异议成立", BEIJING, BEIJING, "申报数据不实，撤出获奖名单。",
    ]
    assert by_code[waiting.receipt_code][9] == "已受理，待调查核实" and by_code[waiting.receipt_code][10] is None
    # The page's status filter applies to the export.
    client.force_login(commission)
    rows = _sheet(client.get(url, {"status": "upheld"}))
    assert [r[0] for r in rows[1:]] == [decided.receipt_code]


# ---- certificates (staff) -----------------------------------------------------------------


def test_certificates_export_valid_and_revoked(client, campaign, announce_awards, commission, agency, applicant, recommender, expert):
    kept, revoked = announce_awards(2, levels=["first", "second"])
    with committing():
        start_run(campaign=campaign, actor=agency)
    revoke_award(project=revoked, actor=commission, reason="申报材料造假（第二十一条）。", evidence=SimpleUploadedFile("调查报告.pdf", PDF))
    Certificate.objects.filter(project=kept).update(rendered_at=UTC_TIME)
    url = reverse("awards:certificates_export", args=[campaign.year])
    # The awarded organisation downloads its own certificate, but not the staff list.
    assert _status_by_role(client, url, [None, applicant, recommender, expert]) == [302, 403, 403, 403]
    client.force_login(agency)
    rows = _sheet(client.get(url))
    assert rows[0] == ["证书编号", "类别", "获奖单位", "成果名称", "奖项", "状态", "验证码", "查验网址", "生成时间"]
    by_title = {r[3]: r for r in rows[1:]}
    assert set(by_title) == {kept.title, revoked.title}
    cert = Certificate.objects.get(project=kept)
    assert by_title[kept.title] == [cert.serial, "优秀成果", kept.organization.name, kept.title, "一等奖", "有效", cert.code, cert.verify_url, BEIJING]
    assert by_title[revoked.title][5] == "已撤销"
    client.force_login(commission)
    assert client.get(reverse("awards:certificates_export", args=[campaign.year + 1])).status_code == 404


# ---- the pages link their exports --------------------------------------------------------


def test_each_page_links_its_export(client, campaign, announce_awards, commission):
    announce_awards(1)
    year = campaign.year
    pages = {
        reverse("awards:results", args=[year]): reverse("awards:results_export", args=[year]),
        reverse("awards:decide", args=[year]): reverse("awards:decide_export", args=[year]),
        reverse("awards:objections") + "?status=upheld": reverse("awards:objections_export") + "?status=upheld",
        reverse("awards:certificates", args=[year]): reverse("awards:certificates_export", args=[year]),
    }
    client.force_login(commission)
    for page, export in pages.items():
        html = client.get(page).content.decode()
        assert f'href="{export}">导出Excel</a>' in html, page


def test_notice_page_links_its_export(client, campaign, make_reviewed, commission, publish_list):
    make_reviewed(1)
    publish_list(campaign, commission)
    html = client.get(reverse("awards_public:notice", args=[campaign.year])).content.decode()
    assert f'href="{reverse("awards_public:notice_export", args=[campaign.year])}">导出Excel</a>' in html


# ---- constant query counts ----------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 5])
def test_exports_of_the_announced_year_have_constant_query_counts(client, campaign, announce_awards, commission, django_assert_max_num_queries, n):
    projects = announce_awards(n, levels=(["first", "second", "third"] * 2)[:n])
    for i, p in enumerate(projects):
        Certificate.objects.create(
            campaign=campaign, kind="project", project=p, serial=f"TJQA{campaign.year}-2{i:04d}", holder=p.organization.name, title=p.title, level_label=p.get_award_level_display(), rendered_at=UTC_TIME
        )
        _objection(p)
    client.force_login(commission)
    # Signed in as the commission: the session, the user and the second factor's device
    # (django-otp) are looked up on every request, +3 on the public export, +1 on the others.
    budget = {
        reverse("awards:results_export", args=[campaign.year]): 7,
        reverse("awards:decide_export", args=[campaign.year]): 7,
        reverse("awards:objections_export"): 5,
        reverse("awards:certificates_export", args=[campaign.year]): 6,
    }
    for url, limit in budget.items():
        with django_assert_max_num_queries(limit):
            rows = _sheet(client.get(url))
        assert len(rows) == n + 1, url


@pytest.mark.parametrize("n", [1, 5])
def test_notice_export_has_a_constant_query_count(client, campaign, make_reviewed, commission, publish_list, django_assert_max_num_queries, n):
    make_reviewed(n, levels=(["first", "second", "third"] * 2)[:n])
    publish_list(campaign, commission)
    with django_assert_max_num_queries(2):
        rows = _sheet(client.get(reverse("awards_public:notice_export", args=[campaign.year])))
    assert len(rows) == n + 1


# ---- formula characters stay text in every awards export ------------------------------------

FORMULA = '=HYPERLINK("http://evil.example","点此")'


def _formula_cells(rows):
    """Every cell showing the formula text: each must carry the leading apostrophe."""
    return [v for row in rows for v in row if isinstance(v, str) and FORMULA in v]


def test_awards_exports_keep_a_formula_title_as_text(client, campaign, announce_awards, commission, agency):
    (project,) = announce_awards(1, levels=["first"])
    Objection.objects.filter(project=project).delete()
    type(project).objects.filter(pk=project.pk).update(title=FORMULA)
    with committing():
        start_run(campaign=campaign, actor=agency)
    client.force_login(commission)
    for url in (
        reverse("awards:results_export", args=[campaign.year]),
        reverse("awards:decide_export", args=[campaign.year]),
        reverse("awards:certificates_export", args=[campaign.year]),
    ):
        cells = _formula_cells(_sheet(client.get(url)))
        assert cells and all(v == "'" + FORMULA for v in cells), (url, cells)


def test_notice_export_keeps_a_formula_title_as_text(client, campaign, make_reviewed, commission, publish_list):
    (project,) = make_reviewed(1, levels=["first"])
    type(project).objects.filter(pk=project.pk).update(title=FORMULA)
    publish_list(campaign, commission)
    cells = _formula_cells(_sheet(client.get(reverse("awards_public:notice_export", args=[campaign.year]))))
    assert cells == ["'" + FORMULA]


def test_objections_export_keeps_an_objector_unit_name_as_text(client, campaign, make_reviewed, commission, agency, publish_list):
    (project,) = make_reviewed(1, levels=["first"])
    publish_list(campaign, commission)
    Objection.objects.create(project=project, name="-王建华", unit_name=FORMULA, phone="+8613812345678", content="@数据不实")
    client.force_login(agency)
    rows = _sheet(client.get(reverse("awards:objections_export")))
    row = rows[1]
    assert row[7:9] == ["'-王建华", "'" + FORMULA]
    assert row[2] == campaign.year  # the year stays a number
