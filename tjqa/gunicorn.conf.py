"""gunicorn settings for the production stack (docker-compose.yml)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 4))
timeout = 60
accesslog = "-"

