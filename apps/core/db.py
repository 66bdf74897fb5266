"""Bounded waits for row locks: a request never hangs behind a row someone else holds."""

from django.conf import settings
from django.db import OperationalError, connection

LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout expired (or NOWAIT)


def bound_lock_wait(milliseconds=None):
    """Inside ``transaction.atomic()``: on PostgreSQL, give up waiting for a lock after
    ``milliseconds`` (default ``TJQA_LOCK_TIMEOUT_MS``) for the rest of this transaction. The
    expired wait raises ``OperationalError``; ``is_lock_timeout`` recognises it. (SQLite has its
    own busy timeout.)"""
    if connection.vendor != "postgresql":
        return
    ms = int(milliseconds if milliseconds is not None else settings.TJQA_LOCK_TIMEOUT_MS)
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = {ms}")


def is_lock_timeout(exc) -> bool:
    cause = exc.__cause__ or exc
    return isinstance(exc, OperationalError) and (
        getattr(cause, "pgcode", None) == LOCK_NOT_AVAILABLE or getattr(cause, "sqlstate", None) == LOCK_NOT_AVAILABLE
    )
