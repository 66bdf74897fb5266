"""Cache backends that keep the portal answering when Redis is slow or gone.

* ``DatabaseCache``: Django's database cache with an atomic ``incr`` (the row is locked while it
  is read and written), so counters such as rate limits are shared correctly by every process.
* ``ResilientRedisCache``: Redis with short socket timeouts; when Redis cannot be reached it
  answers from a fallback cache (the database cache) for a while instead of raising, so a Redis
  outage never turns a page or a form into a 500.
"""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends import db
from django.core.cache.backends.redis import RedisCache
from django.db import connections, router, transaction

log = logging.getLogger(__name__)


class DatabaseCache(db.DatabaseCache):
    def incr(self, key, delta=1, version=None):
        db_alias = router.db_for_write(self.cache_model_class)
        connection = connections[db_alias]
        with transaction.atomic(using=db_alias):
            if connection.features.has_select_for_update:
                table = connection.ops.quote_name(self._table)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT cache_key FROM {table} WHERE cache_key = %s FOR UPDATE",
                        [self.make_and_validate_key(key, version=version)],
                    )
            return super().incr(key, delta, version)


def _redis_errors():
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that falls back to the cache named by ``FALLBACK`` (default "database") when
    Redis fails, and retries Redis after ``RETRY_AFTER`` seconds (default 30)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback_alias = params.get("FALLBACK", "database")
        self._retry_after = float(params.get("RETRY_AFTER", 30))
        self._down_until = 0.0

    @property
    def fallback(self):
        return caches[self._fallback_alias]

    def redis_available(self) -> bool:
        """Ping Redis itself (the health page asks this, not the fallback)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except _redis_errors():
            return False

    def _call(self, name, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except _redis_errors() as exc:
                self._down_until = time.monotonic() + self._retry_after
                log.warning("cache: Redis unreachable (%s); using the %r cache for %ss", type(exc).__name__, self._fallback_alias, self._retry_after)
        return getattr(self.fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self, *args, **kwargs):
        return self._call("clear", *args, **kwargs)
