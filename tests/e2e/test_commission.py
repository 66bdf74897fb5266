"""The commission's day in 立项审核 (第十一条): batch-approve the recommended projects (one was
decided by a colleague meanwhile), publish the project plan, look at the dashboard."""

import pytest

from apps.accounts.roles import Role
from apps.projects.services import transition
from tests.e2e.conftest import login, shot
from tests.factories import bring_to, make_user, ready_application


@pytest.fixture
def recommended(campaign, organization, recommender_unit, applicant, recommender, commission, agency):
    actors = {"applicant": applicant, "recommender": recommender, "commission": commission, "agency": agency}
    titles = ["降低精密轴承套圈磨削烧伤不合格率", "提高复合材料层压板一次合格率", "缩短表面贴装生产线换线时间"]
    return [
        bring_to(
            ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant, title=t),
            "recommended",
            actors=actors,
        )
        for t in titles
    ]


def test_commission_batch_approves_publishes_the_plan_and_reads_the_dashboard(new_page, campaign, commission, recommended):
    page = login(new_page(), commission.username)
    # The commission's navigation groups its entries into menus (one row at 1280 px).
    assert page.locator("nav.main").bounding_box()["height"] < 50
    page.click("nav.main summary:has-text('申报立项')")
    page.click("nav.main >> text=立项审核")
    page.wait_for_url(f"**/campaigns/{campaign.year}/approval/")
    assert page.locator("#queue tbody tr").count() == 3
    shot(page, "commission_01_queue")

    # A colleague rejects the third project while this page is open.
    colleague = make_user(Role.COMMISSION)
    transition(project=recommended[2], name="reject", actor=colleague, comment="与往年项目重复")

    page.check("#select-all")
    page.check("input[name=decision][value=approve]")
    page.click("#batch-submit")
    page.wait_for_selector("#batch-outcomes")
    outcomes = page.inner_text("#batch-outcomes")
    assert "成功 2 个，未成功 1 个" in outcomes and "已被他人处理" in outcomes
    shot(page, "commission_02_batch_outcomes")

    page.once("dialog", lambda d: d.accept())
    page.click("#publish-plan")
    page.wait_for_load_state("networkidle")
    assert "已将2个项目列入" in page.inner_text(".messages")
    for p in recommended:
        p.refresh_from_db()
    assert [p.state for p in recommended] == ["in_progress", "in_progress", "rejected"]

    page.goto(f"/plan/{campaign.year}/")
    plan = page.inner_text("#plan")
    assert recommended[0].title in plan and recommended[2].title not in plan
    shot(page, "commission_03_public_plan")

    page.click("nav.main >> text=数据看板")
    page.wait_for_selector("body[data-charts-ready='1']")
    assert page.locator("#chart-state").bounding_box()["height"] > 100
    assert "实施中" in page.inner_text("#table-state")
    shot(page, "commission_04_dashboard")
