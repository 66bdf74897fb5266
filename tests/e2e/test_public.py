"""A visitor reads the public notice, lodges an objection and verifies a certificate."""

import pytest

from apps.awards.models import Certificate, Objection
from apps.awards.services import decisions
from apps.awards.services.certificates import start_run
from apps.review.models import ProposalEntry
from tests.awards.conftest import publish
from tests.e2e.conftest import shot
from tests.factories import CampaignFactory, bring_to, ready_application
from tests.projects.similarity_eval.projects import INDUSTRIES

PDCA_FIELDS = [
    "plan_reason", "plan_current_state", "plan_goal", "plan_cause_analysis", "plan_countermeasures",
    "do_implementation", "check_method", "act_standardisation", "act_summary",
]


@pytest.fixture
def public_world(campaign, organization, recommender_unit, applicant, recommender, commission, agency):
    actors = {"applicant": applicant, "recommender": recommender, "commission": commission, "agency": agency}

    def reviewed(c, title, level, rank, **text):
        p = ready_application(campaign=c, organization=organization, recommender=recommender_unit, created_by=applicant, title=title, **text)
        bring_to(p, "reviewed", actors=actors)
        ProposalEntry.objects.create(campaign=c, project=p, rank=rank, score=95 - rank, proposed_level=level)
        return p

    # Last year's list: announced, with a certificate.
    last_year = CampaignFactory(year=campaign.year - 1)
    # Its own text: this year's projects are checked against it (第七条(四)) and are not copies.
    bearing = INDUSTRIES["机械制造"]["A"]
    old = reviewed(last_year, bearing["title"], "first", 1, **{f: bearing[f] for f in PDCA_FIELDS})
    publish(last_year, commission, days_ago=last_year.notice_days)
    decisions.announce(campaign=last_year, actor=commission)
    start_run(campaign=last_year, actor=agency)  # eager Celery renders after commit
    # This year's list: under public notice.
    noticed = [reviewed(campaign, "提高高性能复合材料层压板一次合格率", "second", 1), reviewed(campaign, "缩短表面贴装生产线换线时间", "third", 2)]
    publish(campaign, commission)
    return {"old": old, "noticed": noticed, "cert": Certificate.objects.get(project=old)}


def test_visitor_reads_the_notice_and_lodges_an_objection(new_page, campaign, public_world):
    target = public_world["noticed"][0]
    page = new_page()
    page.goto(f"/notice/{campaign.year}/")
    table = page.inner_text("#notice-list")
    assert target.title in table and "二等奖" in table and target.organization.name in table
    assert "公示期" in page.inner_text(".hero")
    shot(page, "public_notice")

    page.click(f"a[href='?project={target.pk}#objection']")
    page.wait_for_url(f"**?project={target.pk}#objection")
    assert page.input_value("#id_project") == str(target.pk)
    page.fill("#id_name", "匿名")
    page.fill("#id_phone", "13812345678")
    page.fill("#id_content", "该成果一次合格率数据与现场抽查结果不符，请核查。")
    page.click("button[type=submit]")
    assert "匿名异议不予受理" in page.inner_text("form")
    assert page.input_value("#id_content").startswith("该成果一次合格率")  # the input is kept
    shot(page, "public_objection_refused")

    page.fill("#id_name", "王建华")
    page.set_input_files("#id_attachment", files=[{"name": "现场照片.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}])
    page.click("button[type=submit]")
    code = page.inner_text("#receipt-code").strip()
    obj = Objection.objects.get()
    assert code == obj.receipt_code and obj.project == target and obj.name == "王建华"
    assert "已受理" in page.inner_text("main")
    shot(page, "public_objection_receipt")


def test_visitor_verifies_a_certificate(new_page, campaign, public_world):
    cert = public_world["cert"]
    page = new_page()
    page.goto(f"/awards/{campaign.year - 1}/")
    assert public_world["old"].title in page.inner_text("main")
    shot(page, "public_results_last_year")
    page.goto("/verify/")
    page.fill("#code", cert.code.lower())
    page.click("button[type=submit]")
    result = page.inner_text("#verify-result")
    assert "证书真实有效" in result and cert.serial in result and cert.holder in result
    shot(page, "public_verify_valid")
    page.goto("/verify/ZZZZZZZZZZZZ/")
    assert "未找到" in page.inner_text("#verify-result")
