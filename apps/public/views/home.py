import functools

import rules

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from apps.campaigns.models import Campaign
from apps.projects import workflow as lifecycle
from apps.projects.states import State


def home(request):
    """The public home page: the current campaign's work plan (第八条) and its dates."""
    campaign = Campaign.objects.current()
    past = Campaign.objects.published().exclude(pk=getattr(campaign, "pk", None))[:5]
    return render(request, "public/portal/home.html", {"campaign": campaign, "past_campaigns": past})


@functools.lru_cache(maxsize=1)
def _workflow_svg():
    # Drawn from the code, so it changes only with a deploy: kept in the process, not in Redis
    # (a cache outage made this page answer 500).
    return lifecycle.svg()


def workflow(request):
    """The lifecycle drawn from the code (django-fsm transitions)."""
    return render(
        request,
        "public/portal/workflow.html",
        {"edges": lifecycle.edges(), "states": State, "svg": _workflow_svg()},
    )


def _checks():
    """Database, cache and broker, each "ok" or what went wrong (for staff only)."""
    from django.conf import settings

    checks = {}
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        checks["database"] = f"error: {type(exc).__name__}: {exc}"
    try:
        if hasattr(cache, "redis_available") and not cache.redis_available():
            checks["cache"] = "error: Redis unreachable (answering from the database cache)"
        else:
            cache.set("healthz", "1", 5)
            checks["cache"] = "ok" if cache.get("healthz") == "1" else "error: value not kept"
    except Exception as exc:  # noqa: BLE001
        checks["cache"] = f"error: {type(exc).__name__}: {exc}"
    if settings.REDIS_URL:
        try:
            from tjqa.celery import app

            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=settings.REDIS_TIMEOUT)
            checks["broker"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["broker"] = f"error: {type(exc).__name__}: {exc}"
    else:
        checks["broker"] = "eager"
    return checks


def _is_staff(user):
    return rules.has_perm("accounts.see_health", user)


@never_cache
def healthz(request):
    """Liveness for the container stack: "ok" or "failing" and nothing else for the public;
    signed-in staff (市市场监管委, 第三方机构) also see each check and its error."""
    checks = _checks()
    healthy = all(v in ("ok", "eager") for v in checks.values())
    body = {"status": "ok" if healthy else "failing"}
    if _is_staff(request.user):
        body.update(checks)
    return JsonResponse(body, status=200 if healthy else 503)
