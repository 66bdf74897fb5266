"""Append-only records (the transition log, the review audit, the admin's change record):
rows are added, never changed or removed — not by ``save()`` on an existing row, not by
``delete()``, not by a queryset's ``update()``/``delete()``. On PostgreSQL a trigger
(``append_only_sql``) refuses UPDATE and DELETE as well, whatever runs the SQL."""

from django.db import models


class AppendOnlyError(ValueError):
    """Raised on any attempt to change or remove an append-only row."""

    def __init__(self, what="记录"):
        super().__init__(f"{what}只能追加，不可修改或删除。")


class AppendOnlyQuerySet(models.QuerySet):
    def _refuse(self, *args, **kwargs):
        raise AppendOnlyError(self.model._meta.verbose_name)

    update = delete = _raw_delete = bulk_update = update_or_create = _refuse


class AppendOnlyModel(models.Model):
    """Base for append-only models. Subclasses set ``objects = AppendOnlyQuerySet.as_manager()``
    and ``Meta.base_manager_name = "objects"`` (so a cascade cannot go round it either)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(self._meta.verbose_name)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(self._meta.verbose_name)


FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION tjqa_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


def append_only_sql(table):
    """(forward, reverse) SQL of the PostgreSQL trigger refusing UPDATE and DELETE on ``table``."""
    trigger = f"{table}_append_only"
    forward = FUNCTION_SQL + (
        f"DROP TRIGGER IF EXISTS {trigger} ON {table};\n"
        f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION tjqa_append_only();"
    )
    reverse = f"DROP TRIGGER IF EXISTS {trigger} ON {table};"
    return forward, reverse


def append_only_trigger(table):
    """A migration operation installing the trigger on PostgreSQL; nothing on other databases."""
    from django.db import migrations

    forward, reverse = append_only_sql(table)

    def install(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(forward, params=None)

    def remove(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(reverse, params=None)

    return migrations.RunPython(install, remove, elidable=False)
