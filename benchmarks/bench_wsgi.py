"""WSGI entry for the load benchmark: the portal plus the floor view (benchmarks/pages_urls.py)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tjqa.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
settings.ROOT_URLCONF = "benchmarks.pages_urls"
