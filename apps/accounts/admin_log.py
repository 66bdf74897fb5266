"""The admin's record of changes (django.contrib.admin LogEntry) is append-only: an existing
entry is never saved again or deleted (a PostgreSQL trigger refuses UPDATE and DELETE too), so
a user who made admin changes cannot be deleted with them (deactivate the account instead)."""

from django.contrib.admin.models import LogEntry
from django.db.models.signals import pre_delete, pre_save

from apps.core.append_only import AppendOnlyError


def _refuse_change(sender, instance, raw=False, **kwargs):
    if instance.pk is not None and not instance._state.adding:
        raise AppendOnlyError("管理操作记录")


def _refuse_delete(sender, instance, **kwargs):
    raise AppendOnlyError("管理操作记录")


def connect():
    pre_save.connect(_refuse_change, sender=LogEntry, dispatch_uid="tjqa-logentry-append-only-save")
    pre_delete.connect(_refuse_delete, sender=LogEntry, dispatch_uid="tjqa-logentry-append-only-delete")
