"""Rate limits count in a store every process shares: without Redis, the database cache."""

import pytest
from django.conf import settings
from django.core.cache import caches

from apps.core.cache import DatabaseCache
from tjqa.settings import cache_settings

pytestmark = pytest.mark.django_db


def test_rate_limits_use_the_database_cache_without_redis():
    assert settings.RATELIMIT_USE_CACHE == "ratelimit"
    assert cache_settings("")["ratelimit"]["BACKEND"] == "apps.core.cache.DatabaseCache"
    assert cache_settings("redis://127.0.0.1:6379/0")["ratelimit"]["BACKEND"] == "apps.core.cache.ResilientRedisCache"


def test_two_processes_count_together():
    """Two cache objects (as two gunicorn workers would have) see one counter."""
    one, two = DatabaseCache("tjqa_cache", {}), DatabaseCache("tjqa_cache", {})
    assert one.add("rl:test", 1, 60)
    assert not two.add("rl:test", 1, 60)
    assert two.incr("rl:test") == 2
    assert one.incr("rl:test") == 3
    assert caches["ratelimit"].get("rl:test") == 3
