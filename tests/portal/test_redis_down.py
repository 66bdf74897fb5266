"""Redis unreachable: the pages that used the cache answer; /healthz says "failing" and
nothing else to the public (no error text, host or port), the details go to staff."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from apps.public.views import home as views

pytestmark = pytest.mark.django_db
DB_ERROR = 'connection to server at "10.1.2.3", port 5432 failed: Connection refused'


def test_workflow_page_answers_while_redis_is_down(client, redis_down):
    views._workflow_svg.cache_clear()
    response = client.get(reverse("portal:workflow"))
    assert response.status_code == 200 and "退回修改" in response.content.decode()


def test_healthz_failing_without_details_for_the_public(client, redis_down, commission):
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json() == {"status": "failing"}
    assert "6379" not in response.content.decode() and "127.0.0.1" not in response.content.decode()
    client.force_login(commission)
    data = client.get("/healthz").json()
    assert data["status"] == "failing" and data["database"] == "ok"
    assert data["cache"].startswith("error") and data["broker"].startswith("error")


def test_healthz_hides_the_database_error_text(client, commission, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError(DB_ERROR)

    monkeypatch.setattr(views.connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    body = response.content.decode()
    assert response.status_code == 503 and response.json() == {"status": "failing"}
    assert "10.1.2.3" not in body and "5432" not in body
