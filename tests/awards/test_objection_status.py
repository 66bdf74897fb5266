"""第十七条: the objector follows the handling of the objection with the receipt code, and sees
nothing of any other party."""

import pytest
from django.urls import reverse

from apps.awards import selectors
from apps.awards.models import Objection
from apps.awards.services.objections import decide_objection, lodge_objection, record_investigation

pytestmark = pytest.mark.django_db

URL = "/objections/status/"


@pytest.fixture
def two_objections(campaign, make_reviewed, commission, publish_list):
    first, second = make_reviewed(2, levels=["first", "second"])
    publish_list(campaign, commission)
    mine = lodge_objection(
        project=first, kind="person", name="王建华", phone="13812345678", email="wjh@example.com",
        content="该成果的节能数据与企业公开年报不一致，申报材料存在夸大。",
    )
    other = lodge_objection(
        project=second, kind="unit", name="赵立新", unit_name="天津某某检测技术有限公司", responsible_person="钱志强",
        phone="022-23456789", content="该成果的专利并非申报单位所有，已转让他人。",
    )
    return mine, other


def test_the_selector_follows_the_stages_and_shows_the_conclusion_only_when_concluded(two_objections, agency, commission, campaign):
    mine, other = two_objections
    progress = selectors.objection_progress(mine.receipt_code.lower())
    assert (progress.receipt_code, progress.year, progress.stage, progress.stage_label) == (mine.receipt_code, campaign.year, "received", "已受理，待调查核实")
    assert progress.project_title == mine.project.title
    assert (progress.outcome_label, progress.conclusion, progress.concluded_at) == ("", "", None)

    record_investigation(objection=mine, actor=agency, investigation="经核查，节能数据统计口径有误。")
    progress = selectors.objection_progress(mine.receipt_code)
    assert (progress.stage, progress.stage_label, progress.conclusion) == ("investigating", "调查核实中，待作出处理结论", "")

    decide_objection(objection=mine, actor=commission, upheld=False, reason="经核实，节能数据统计口径符合规定，异议不成立。")
    progress = selectors.objection_progress(f"  {mine.receipt_code} ")
    assert (progress.stage, progress.stage_label, progress.outcome_label) == ("concluded", "已办结", "异议不成立")
    assert progress.conclusion == "经核实，节能数据统计口径符合规定，异议不成立。"
    assert progress.concluded_at is not None
    # The record holds nothing of the objector, the investigation or another objection.
    assert set(vars(progress)) == {"receipt_code", "year", "project_title", "lodged_at", "stage", "stage_label", "outcome_label", "conclusion", "concluded_at"}


def test_the_selector_knows_no_unknown_code(two_objections):
    assert selectors.objection_progress("YYNOTACODE00") is None
    assert selectors.objection_progress("") is None
    assert selectors.objection_progress(None) is None


def test_the_page_shows_the_progress_and_nothing_of_anyone_else(client, two_objections, agency, commission):
    mine, other = two_objections
    record_investigation(objection=other, actor=agency, investigation="专利权属核查中。")
    record_investigation(objection=mine, actor=agency, investigation="经核查，节能数据统计口径有误，夸大约30%。")
    decide_objection(objection=mine, actor=commission, upheld=True, reason="节能数据不实，撤出获奖名单。")

    page = client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200 and '<label for="id_code">受理编号' in html

    response = client.post(URL, {"code": mine.receipt_code})
    html = response.content.decode()
    assert response.status_code == 200
    for shown in (mine.receipt_code, mine.project.title, "已办结", "异议成立", "节能数据不实，撤出获奖名单。"):
        assert shown in html, shown
    hidden = (
        "王建华", "13812345678", "wjh@example.com", "经核查", "夸大约30%",  # the objector, the investigation
        other.receipt_code, other.project.title, "赵立新", "天津某某检测技术有限公司", "钱志强", "专利",  # the other objection
        mine.project.organization.credit_code, mine.project.organization.name, other.project.organization.name,
    )
    for secret in hidden:
        assert secret not in html, secret
    assert response.context["form"]["code"].value() == mine.receipt_code


def test_an_unknown_code_gets_the_same_page_with_a_clear_message(client, two_objections):
    mine, _ = two_objections
    known = client.post(URL, {"code": mine.receipt_code})
    unknown = client.post(URL, {"code": "YYNOTACODE00"})
    assert unknown.status_code == known.status_code == 200
    html = unknown.content.decode()
    assert "未找到与该受理编号对应的异议，请核对回执上的编号后重试。" in html
    assert 'value="YYNOTACODE00"' in html  # what was typed stays
    assert mine.project.title not in html and "已受理" not in html
    assert unknown.templates[0].name == known.templates[0].name == "public/awards/objection_status.html"
    empty = client.post(URL, {"code": ""})
    assert empty.status_code == 200 and "请输入受理编号。" in empty.content.decode()


def test_the_receipt_links_to_the_status_page(client, two_objections, campaign):
    mine, _ = two_objections
    html = client.get(reverse("awards_public:objection_receipt", args=[campaign.year, mine.receipt_code])).content.decode()
    assert f'href="/objections/status/?code={mine.receipt_code}"' in html
    prefilled = client.get(f"/objections/status/?code={mine.receipt_code}").content.decode()
    assert f'value="{mine.receipt_code}"' in prefilled and mine.project.title not in prefilled  # a GET looks nothing up


def test_lookups_are_rate_limited_per_address(client, settings, two_objections):
    settings.TJQA_OBJECTION_ATTEMPT_RATE = "3/h"
    mine, _ = two_objections
    for code in ("YYNOTACODE01", "YYNOTACODE02", mine.receipt_code):
        assert client.post(URL, {"code": code}).status_code == 200
    response = client.post(URL, {"code": mine.receipt_code})
    assert response.status_code == 429
    html = response.content.decode()
    assert "提交过于频繁，请稍后再试。" in html and mine.project.title not in html
    # Another address is not affected.
    assert mine.project.title in client.post(URL, {"code": mine.receipt_code}, REMOTE_ADDR="10.0.0.9").content.decode()


def test_the_anonymous_body_size_limit_applies(client, db):
    form = "application/x-www-form-urlencoded"
    over = client.generic("POST", URL, "code=" + "x" * (64 * 1024), content_type=form)
    assert over.status_code == 413
    assert Objection.objects.count() == 0
