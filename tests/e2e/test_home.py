from tests.e2e.conftest import login, shot


def test_home_shows_current_campaign_and_login_works(new_page, campaign, applicant):
    page = new_page()
    page.goto("/")
    assert campaign.title in page.inner_text("h1")
    shot(page, "home")
    login(page, applicant.username)
    assert "工作台" in page.inner_text("h1")
