"""Every role's pages (the agency's included), on the demo data of `make run`: axe-core finds no critical or
serious violation, and at 390 px no page is wider than the screen (screenshots in
test-output/phone/)."""

import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.awards.models import Certificate
from apps.campaigns.models import Campaign
from apps.review.models import Panel, ReviewAssignment
from apps.projects.models import Project
from tests.e2e.conftest import check_page, login

DEMO_PASSWORD = "Tjqa@2026"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--quiet")
    current = Campaign.objects.current()
    return {"current": current, "last": Campaign.objects.get(year=current.year - 1)}


def visit(page, path, name, problems):
    response = page.goto(path)
    assert response.status == 200, f"{name}: {path} answered {response.status}"
    page.wait_for_load_state("networkidle")
    try:
        check_page(page, name)
    except AssertionError as exc:
        problems.append(str(exc))


def sign_in(new_page, username):
    page = new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, f"login failed for {username}"
    # 1280 px wide, the role's navigation and user box fit one row.
    assert page.locator("header.top").bounding_box()["height"] <= 64, f"{username}: the header wraps at 1280 px"
    return page


def test_every_roles_main_pages_are_accessible_and_fit_a_phone(new_page, demo):
    current, last = demo["current"], demo["last"]
    problems = []

    page = new_page()
    certificate = Certificate.objects.exclude(project__state="revoked").first()
    for path, name in [
        ("/", "public_home"),
        (f"/plan/{current.year}/", "public_plan"),
        (f"/notice/{last.year}/", "public_notice"),
        ("/awards/", "public_awards"),
        (f"/awards/{last.year}/", "public_awards_year"),
        (f"/verify/{certificate.code}/", "public_verify"),
        ("/objections/status/", "public_objection_status"),
        ("/workflow/", "public_workflow"),
        ("/accounts/login/", "login"),
    ]:
        visit(page, path, name, problems)

    qiye = User.objects.get(username="qiye")
    own = Project.objects.filter(organization=qiye.organization, campaign=current)
    draft = own.filter(state="draft").first()
    page = sign_in(new_page, "qiye")
    for path, name in [
        ("/workbench/", "applicant_workbench"),
        ("/projects/", "applicant_list"),
        ("/projects/new/", "applicant_form_new"),
        (f"/projects/{draft.pk}/edit/", "applicant_form"),
        (f"/projects/{draft.pk}/", "applicant_detail"),
        (f"/projects/{draft.pk}/submit/", "applicant_submit"),
        ("/organizations/mine/", "applicant_organization"),
        ("/awards/mine/", "applicant_awards"),
        ("/notifications/", "applicant_notifications"),
        ("/notifications/settings/", "applicant_notification_settings"),
        ("/accounts/password/", "applicant_password"),
    ]:
        visit(page, path, name, problems)

    tuijian = User.objects.get(username="tuijian")
    submitted = Project.objects.filter(recommender=tuijian.recommender, state="submitted").first()
    page = sign_in(new_page, "tuijian")
    for path, name in [
        ("/workbench/", "unit_workbench"),
        ("/recommenders/", "unit_inbox"),
        (f"/recommenders/projects/{submitted.pk}/", "unit_review"),
        ("/training/tracking/", "unit_tracking"),
        ("/awards/mine/", "unit_awards"),
    ]:
        visit(page, path, name, problems)

    page = sign_in(new_page, "shijianwei")
    for path, name in [
        ("/workbench/", "office_workbench"),
        (f"/campaigns/{current.year}/approval/", "office_approval"),
        ("/experts/results/", "office_ranking"),
        (f"/awards/manage/{last.year}/", "office_decision"),
        (f"/projects/{submitted.pk}/", "office_project"),
        ("/projects/", "office_projects"),
        ("/campaigns/", "office_campaigns"),
        (f"/campaigns/{current.year}/", "office_campaign"),
        (f"/campaigns/{current.year}/edit/", "office_campaign_form"),
        ("/awards/manage/", "office_awards"),
        ("/awards/manage/objections/", "office_objections"),
        ("/training/", "office_training"),
        ("/accounts/locked/", "office_locked"),
    ]:
        visit(page, path, name, problems)

    panel = Panel.objects.filter(campaign=current).first() or Panel.objects.first()
    page = sign_in(new_page, "disanfang")
    for path, name in [
        ("/experts/pool/", "agency_pool"),
        ("/experts/pool/add/", "agency_pool_add"),
        ("/experts/panels/", "agency_panels"),
        (f"/experts/panels/{panel.pk}/", "agency_panel"),
        ("/experts/audit/", "agency_audit"),
        ("/training/new/", "agency_training_form"),
    ]:
        visit(page, path, name, problems)

    assignment = ReviewAssignment.objects.filter(expert__user__username="zhuanjia2").select_related("expert__user").first()
    page = sign_in(new_page, "zhuanjia2")
    for path, name in [
        ("/experts/", "expert_my_reviews"),
        (f"/experts/review/{assignment.pk}/", "expert_review"),
        ("/experts/conflicts/", "expert_conflicts"),
    ]:
        visit(page, path, name, problems)

    assert not problems, "\n\n".join(problems)


def test_below_768_px_the_header_collapses_into_a_menu_button(new_page, campaign, commission):
    page = login(new_page(), commission.username)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/workbench/")
    toggle = page.locator("header.top .menu-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("nav.main").is_visible()
    assert page.locator("header.top").bounding_box()["height"] <= 64
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.click("nav.main summary:has-text('评审')")
    page.click("nav.main >> text=评审结果")
    page.wait_for_url("**/experts/results/")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not page.locator("header.top .menu-toggle").is_visible() and page.locator("nav.main").is_visible()
