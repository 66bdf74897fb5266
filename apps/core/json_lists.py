"""Conditions and values on JSON written in SQL, on PostgreSQL and on SQLite."""

import json

from django.db import NotSupportedError
from django.db.models import BooleanField, CharField, Func, IntegerField


class ListHas(Func):
    """``items`` (a JSON list column) has ``value`` (an expression) among its elements: the
    filter form of Python's ``value in items``, for a value read from the same row."""

    output_field = BooleanField()

    def __init__(self, items, value):
        super().__init__(items, value)

    def _compiled(self, compiler):
        items, value = self.get_source_expressions()
        items_sql, items_params = compiler.compile(items)
        value_sql, value_params = compiler.compile(value)
        return items_sql, value_sql, (*items_params, *value_params)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("ListHas is written for PostgreSQL and SQLite")

    def as_postgresql(self, compiler, connection, **extra_context):
        items, value, params = self._compiled(compiler)
        return f"({items} @> jsonb_build_array({value}))", params

    def as_sqlite(self, compiler, connection, **extra_context):
        items, value, params = self._compiled(compiler)
        return f"EXISTS (SELECT 1 FROM json_each({items}) WHERE json_each.value = {value})", params


class MappedText(Func):
    """The text ``mapping`` (a constant {str: str}) holds under ``key`` (an expression), NULL
    when it holds none: Python's ``mapping.get(key)`` as one expression, however many keys."""

    output_field = CharField()

    def __init__(self, mapping, key):
        super().__init__(key)
        self.mapping = json.dumps({str(k): str(v) for k, v in mapping.items()}, sort_keys=True)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("MappedText is written for PostgreSQL and SQLite")

    def as_postgresql(self, compiler, connection, **extra_context):
        key, params = compiler.compile(self.get_source_expressions()[0])
        return f"(%s::jsonb ->> ({key}))", (self.mapping, *params)

    def as_sqlite(self, compiler, connection, **extra_context):
        key, params = compiler.compile(self.get_source_expressions()[0])
        return f"json_extract(%s, '$.\"' || ({key}) || '\"')", (self.mapping, *params)


class JSONSize(Func):
    """The number of elements of ``items`` (a JSON list column) or of keys of a JSON object,
    what ``len()`` gives for the decoded value, 0 for anything else (null, a number, a text):
    a list that shows only how many does not load the list itself."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("JSONSize is written for PostgreSQL and SQLite")

    def as_postgresql(self, compiler, connection, **extra_context):
        items, params = compiler.compile(self.get_source_expressions()[0])
        return (
            f"(CASE jsonb_typeof({items}) WHEN 'array' THEN jsonb_array_length({items}) "
            f"WHEN 'object' THEN (SELECT COUNT(*) FROM jsonb_object_keys({items}))::integer ELSE 0 END)"
        ), (*params, *params, *params)

    def as_sqlite(self, compiler, connection, **extra_context):
        items, params = compiler.compile(self.get_source_expressions()[0])
        # json_each walks the members of a list and of an object alike (and a lone value once).
        return (
            f"(SELECT COUNT(*) FROM json_each({items}) WHERE json_type({items}) IN ('array', 'object'))"
        ), (*params, *params)
