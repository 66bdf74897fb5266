"""Issue "one home for each rule and each permission": the domain policies (``policy.py``
with django-rules) decide access, and every door asks them — views, selectors, services,
templates (``may``) and the admin (``PolicyAdmin``)."""

import re
from pathlib import Path

import pytest
import rules
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.urls import reverse

from apps.accounts.roles import Role
from apps.common.context_processors import Policy
from apps.core.admin_utils import PolicyPermissions
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]
ROLE_CHECK = re.compile(
    r"\.is_(applicant|recommender|programme_staff|commission|agency|expert|staff|superuser)\b|\bhas_role\(|\brole_names\b"
)
# Where a role may be named without deciding access, each with its reason.
ALLOWED = {
    "apps/accounts/models.py": "defines has_role and role_names",
    "apps/accounts/roles.py": "the roles themselves",
    "apps/accounts/management/commands/seed_demo.py": "labels the printed demo accounts",
    "apps/projects/services.py": "the role written on a log row, after the policy allowed the transition",
    "apps/review/services/pool.py": "a data rule, not access: an account with another role does not enter the pool",
}


def test_no_role_check_outside_the_policies():
    found = []
    for path in sorted((ROOT / "apps").rglob("*")) + sorted((ROOT / "templates").rglob("*.html")):
        relative = path.relative_to(ROOT).as_posix()
        if path.suffix not in (".py", ".html") or "/migrations/" in relative or path.name == "policy.py" or relative in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ROLE_CHECK.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert found == [], "ask the policy (rules.has_perm / may.<app>.<name>) instead:\n" + "\n".join(found)


def test_the_allowed_files_still_exist():
    assert [name for name in ALLOWED if not (ROOT / name).exists()] == []


# ---- the admin -----------------------------------------------------------------------------


def _portal_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items() if model.__module__.startswith("apps.")]


def test_every_portal_admin_asks_the_policy():
    admins = _portal_admins()
    assert len(admins) >= 40
    assert [model.__name__ for model, model_admin in admins if not isinstance(model_admin, PolicyPermissions)] == []
    inlines = [inline for _model, model_admin in admins for inline in model_admin.inlines]
    assert inlines and [inline.__name__ for inline in inlines if not issubclass(inline, PolicyPermissions)] == []


def test_every_admin_permission_is_declared_in_a_policy():
    missing = []
    models = [model for model, _ in _portal_admins()]
    models += [inline.model for _model, model_admin in _portal_admins() for inline in model_admin.inlines]
    for model in models:
        for action in ("view", "add", "change", "delete"):
            name = f"{model._meta.app_label}.admin_{action}_{model._meta.model_name}"
            if not rules.perm_exists(name):
                missing.append(name)
    assert missing == []


@pytest.fixture
def site_admin(db):
    return get_user_model().objects.create_superuser("root", "root@example.cn", "Root-pass-2026")


@pytest.mark.django_db
def test_decision_data_is_read_only_even_for_a_superuser(site_admin, campaign, make_project, actors, client):
    from apps.review.models import Score

    project = make_project("reviewed")
    score = Score.objects.filter(assignment__project=project).first()
    assert score is not None
    for action in ("add", "change", "delete"):
        assert not rules.has_perm(f"experts.admin_{action}_score", site_admin, score)
    assert rules.has_perm("experts.admin_view_score", site_admin, score)
    client.force_login(site_admin)
    url = reverse("admin:experts_score_change", args=[score.pk])
    page = client.get(url)
    assert page.status_code == 200 and "只读" in page.content.decode()
    refused = client.post(url, {"status": score.status, "total": "999"})
    assert refused.status_code == 403
    score.refresh_from_db()
    assert score.total != 999
    assert client.get(reverse("admin:experts_score_delete", args=[score.pk])).status_code == 403


@pytest.mark.django_db
def test_a_project_with_history_is_not_deleted_in_admin_and_a_fresh_one_is(site_admin, make_project, draft):
    assert rules.has_perm("projects.admin_delete_project", site_admin, draft)
    submitted = make_project("submitted")
    assert not rules.has_perm("projects.admin_delete_project", site_admin, submitted)
    assert rules.has_perm("projects.admin_change_project", site_admin, submitted)


@pytest.mark.django_db
def test_the_admin_is_the_site_administrators_only(site_admin, commission, client):
    assert rules.has_perm("campaigns.admin_change_campaign", site_admin)
    assert not rules.has_perm("campaigns.admin_change_campaign", commission)
    commission.is_staff = True  # staff access alone gives nothing: the policy decides
    commission.save(update_fields=["is_staff"])
    client.force_login(commission)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200 and "campaigns" not in index.content.decode()
    assert client.get(reverse("admin:campaigns_campaign_changelist")).status_code == 403


# ---- templates -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_may_in_templates_is_the_policy_and_not_the_superuser_flag(commission, agency, site_admin):
    template = Template("{% if may.accounts.unlock %}unlock{% endif %}|{% if may.review.operate %}operate{% endif %}")
    assert template.render(Context({"may": Policy(commission)})) == "unlock|"
    assert template.render(Context({"may": Policy(agency)})) == "|operate"
    assert template.render(Context({"may": Policy(site_admin)})) == "|"


@pytest.mark.django_db
def test_the_navigation_follows_the_policy(client, commission, agency):
    client.force_login(commission)
    assert "已锁定账号" in client.get(reverse("portal:workbench")).content.decode()
    client.force_login(agency)
    assert "已锁定账号" not in client.get(reverse("portal:workbench")).content.decode()


@pytest.mark.django_db
def test_second_factor_roles_come_from_the_policy(site_admin, applicant):
    from apps.accounts.roles import requires_second_factor

    assert requires_second_factor(site_admin)
    assert requires_second_factor(make_user(Role.EXPERT))
    assert not requires_second_factor(applicant)
