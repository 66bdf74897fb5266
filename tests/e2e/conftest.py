"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Screenshots go to ``test-output/screenshots/`` (phone-sized ones to ``test-output/phone/``).
``check_page`` runs axe-core (installed from npm by ``make``: node_modules/axe-core, never a CDN)
on a page and then looks at it 390 px wide. Outside CI the tests are skipped (with the
reason) when Chromium is missing; with CI=true a missing browser is an error, never a skip."""

import os
import re
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("TJQA_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
PHONE_SHOTS = ROOT / "test-output" / "phone"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI: Chromium not found at {CHROMIUM}; browser tests must run in CI")
        pytest.skip(f"Chromium not found at {CHROMIUM} (run `make system-deps`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """``new_page()`` opens a fresh browser context (its own cookies: one logged-in user)."""
    contexts = []

    def make():
        context = browser.new_context(locale="zh-CN", viewport=DESKTOP, base_url=live_server.url)
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield make
    for c in contexts:
        c.close()


def login(page, username, password="pass-1234"):
    """Sign in through the login form; commission, agency and expert users then type their
    authenticator's current code, as a person would."""
    from apps.accounts.models import User
    from apps.accounts.roles import requires_second_factor
    from tests.factories import authenticator, next_totp_code

    user = User.objects.get(username=username)
    device = authenticator(user) if requires_second_factor(user) else None
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url, f"login failed for {username}"
    if device is not None:
        assert "/accounts/otp/verify/" in page.url, f"{username} was not asked for the second factor"
        page.fill("#id_token", next_totp_code(device))
        page.click("main button[type=submit]")  # the header has a submit button too: 退出
        page.wait_for_load_state("networkidle")
        assert "/accounts/otp/" not in page.url, f"second factor refused for {username}"
    return page


def _name(name):
    return re.sub(r"[^\w\-]+", "_", name)


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{_name(name)}.png"), full_page=True)


def axe_violations(page):
    """axe-core's critical and serious violations on the page, as readable lines."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make node_modules` (npm ci installs axe-core)")
    # Evaluated through the DevTools protocol, so a strict Content-Security-Policy does not block it.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for violation in result["violations"]:
        if violation["impact"] in ("critical", "serious"):
            targets = [" ".join(node["target"]) for node in violation["nodes"][:5]]
            lines.append(f"{violation['impact']} {violation['id']}: {violation['help']} — {targets}")
    return lines


def overflow(page):
    """How many pixels the page is wider than the viewport (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def check_page(page, name):
    """The page passes axe-core (no critical or serious violation) and, 390 px wide, is no
    wider than the screen; a full-page screenshot at that size goes to test-output/phone/."""
    problems = axe_violations(page)
    assert not problems, f"{name} ({page.url}):\n" + "\n".join(problems)
    page.set_viewport_size(PHONE)
    try:
        PHONE_SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(PHONE_SHOTS / f"{_name(name)}.png"), full_page=True)
        assert overflow(page) <= 0, f"{name} ({page.url}) is {overflow(page)} px wider than a 390 px screen"
    finally:
        page.set_viewport_size(DESKTOP)
