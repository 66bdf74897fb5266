import os

import pytest
from django.conf import settings as django_settings

from apps.accounts.roles import Role
from tests.factories import CampaignFactory, OrganizationFactory, RecommenderFactory, bring_to, make_user, ready_application


def pytest_runtest_setup(item):
    """Tests marked ``postgres`` need PostgreSQL (its row locks): on another database they are
    left out with the reason, except in CI (CI=true), where that is an error."""
    if item.get_closest_marker("postgres") and "postgresql" not in django_settings.DATABASES["default"]["ENGINE"]:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs the PostgreSQL tests on PostgreSQL; DATABASE_URL is not postgres://…")
        pytest.skip("tested on PostgreSQL (DATABASE_URL=postgres://…)")


@pytest.fixture(scope="session", autouse=True)
def _close_connections_after_each_request():
    """The live server's threads must not keep connections open past a request (on
    PostgreSQL they would block dropping the test database)."""
    from django.db import connections

    for conn in connections.all():
        conn.settings_dict["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hashing with PBKDF2 costs ~0.2 s a user; tests make hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _second_factor_for_force_login(monkeypatch):
    """``client.force_login(user)`` stands for a complete sign-in: for commission, agency and
    expert users that includes the second factor, so the session is marked OTP-verified with
    a confirmed authenticator. Password logins (``client.login``, the login form) are left
    alone: the second-factor tests go through them."""
    from django.test import Client

    from tests.factories import verify_second_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        verify_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def organization(db):
    return OrganizationFactory()


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(name="天津另一家企业有限公司")


@pytest.fixture
def recommender_unit(db):
    return RecommenderFactory()


@pytest.fixture
def other_recommender_unit(db):
    return RecommenderFactory(name="另一推荐单位")


@pytest.fixture
def applicant(organization):
    return make_user(Role.APPLICANT, organization=organization)


@pytest.fixture
def other_applicant(other_organization):
    return make_user(Role.APPLICANT, organization=other_organization)


@pytest.fixture
def recommender(recommender_unit):
    return make_user(Role.RECOMMENDER, recommender=recommender_unit)


@pytest.fixture
def other_recommender(other_recommender_unit):
    return make_user(Role.RECOMMENDER, recommender=other_recommender_unit)


@pytest.fixture
def commission(db):
    return make_user(Role.COMMISSION)


@pytest.fixture
def agency(db):
    return make_user(Role.AGENCY)


@pytest.fixture
def expert(db):
    return make_user(Role.EXPERT)


@pytest.fixture
def draft(campaign, organization, recommender_unit, applicant):
    return ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant)


@pytest.fixture
def actors(applicant, recommender, commission, agency):
    """Who moves a project along in ``bring_to``."""
    return {"applicant": applicant, "recommender": recommender, "commission": commission, "agency": agency}


@pytest.fixture
def make_project(campaign, organization, recommender_unit, applicant, actors):
    """``make_project(state, title=..., **fields)``: a project of the campaign brought to
    ``state`` through the real transitions."""
    counter = iter(range(1, 10_000))

    def make(state, title=None, who=None, **fields):
        who = {**actors, **(who or {})}
        project = ready_application(
            campaign=fields.pop("campaign", campaign),
            organization=fields.pop("organization", organization),
            recommender=fields.pop("recommender", recommender_unit),
            created_by=who["applicant"],
            title=title or f"降低焊接返修率{next(counter)}",
            **fields,
        )
        return bring_to(project, state, actors=who)

    return make


DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connections are refused


def _reset_broker_pools(app):
    """Forget the broker connections (made for the previous broker URL)."""
    from kombu import pools

    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def redis_down(settings):
    """The portal configured for Redis (cache, rate limits and Celery broker) while Redis cannot
    be reached: Celery queues for real (not eager) to a closed port."""
    from tjqa.celery import app
    from tjqa.settings import cache_settings

    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    settings.REDIS_URL = DEAD_REDIS
    settings.CACHES = cache_settings(DEAD_REDIS)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.broker_url = DEAD_REDIS
    app.conf.task_always_eager = False
    _reset_broker_pools(app)
    yield DEAD_REDIS
    app.conf.update(saved)
    _reset_broker_pools(app)
