"""gunicorn settings for the production stack (docker-compose.yml)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 4))
timeout = 60
accesslog = "-"


def post_worker_init(worker):
    """Build the duplicate-check index (第七条(四)) before the worker takes requests: built on
    first use it costs the first submission ~2 s with 15,000 earlier projects."""
    from apps.projects import similarity

    try:
        similarity.get_index()
    except Exception:  # noqa: BLE001 - a database not yet migrated: the index builds on first use
        worker.log.warning("duplicate-check index not built at start", exc_info=True)
