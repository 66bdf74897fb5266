from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from apps.campaigns.models import Campaign
from apps.projects import workflow as lifecycle
from apps.projects.states import State


def home(request):
    """The public home page: the current campaign's work plan (第八条) and its dates."""
    campaign = Campaign.objects.current()
    counts = {}
    if campaign:
        counts = dict(campaign.projects.values_list("state").annotate(n=Count("pk")))
    past = Campaign.objects.published().exclude(pk=getattr(campaign, "pk", None))[:5]
    return render(request, "public/portal/home.html", {"campaign": campaign, "counts": counts, "past_campaigns": past})


def workflow(request):
    """The lifecycle drawn from the code (django-fsm transitions)."""
    return render(
        request,
        "public/portal/workflow.html",
        {"edges": lifecycle.edges(), "states": State, "svg": cache.get_or_set("workflow-svg", lifecycle.svg, 3600)},
    )


@never_cache
def healthz(request):
    """Liveness for the container stack: database, cache and (when configured) the broker."""
    checks = {}
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        checks["database"] = f"error: {exc}"
    try:
        cache.set("healthz", "1", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "1" else "error"
    except Exception as exc:  # noqa: BLE001
        checks["cache"] = f"error: {exc}"
    from django.conf import settings

    if settings.REDIS_URL:
        try:
            from tjqa.celery import app

            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1)
            checks["broker"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["broker"] = f"error: {exc}"
    else:
        checks["broker"] = "eager"
    healthy = all(v in ("ok", "eager") for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
