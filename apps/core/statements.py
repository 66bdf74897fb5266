"""Statements compiled once a process and run again with other keys.

Django writes a query's SQL anew each time it is run. For the long, fixed queries of a busy
screen (correlated counts, several joins, a paged subquery) writing it took 0.3–0.6 ms of CPU
a query, often longer than PostgreSQL took to plan and run it. A :class:`Statement` builds its
query once a process and database with stand-in keys, keeps the SQL the compiler wrote, and
runs that SQL with the request's keys in their place: the same statement, the same rows,
converted as the queryset converts them."""

import re

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.expressions import RawSQL

# Stand-ins for a statement's keys while it is compiled: numbers no table's key reaches.
_FIRST_MARK = 987_654_321_987_654_000
# The stand-in for a subquery given at each run, written where its SQL goes.
_SUBQUERY_MARK = "SELECT 987654321987654999"


class Statement:
    """The rows of ``build(*keys, *shape)``, a ``values_list`` query whose varying parameters
    are the integer ``keys``; ``shape`` holds what else its SQL depends on and the compiler
    writes into the text (a page's bounds, which become LIMIT and OFFSET). Compiled once for
    each number of keys and shape.

    A query filtered by a subquery that varies in more than its keys (one user's view of a
    list, a page of it) takes it as ``subquery``, a queryset: ``build`` is then given a
    stand-in for it as its last argument, and each run writes the subquery's own SQL and
    parameters in its place, compiling that part alone. The rows must be those the subquery
    selects (``pk__in=``): a subquery that can match nothing (``none()``) gives none, without
    a query, as Django's own compiler does."""

    def __init__(self, build):
        self._build = build
        self._compiled = {}

    def rows(self, *keys, shape=(), subquery=None):
        """The rows (tuples) ``list(build(*keys, *shape[, subquery]))`` gives, in its order."""
        variant = (len(keys), shape, subquery is not None)
        compiled = self._compiled.get(variant)
        if compiled is None:
            marks = [_FIRST_MARK + i for i in range(len(keys))]
            stand_in = [RawSQL(_SUBQUERY_MARK, ())] if subquery is not None else []
            compiled = self._compiled[variant] = _compile(self._build(*marks, *shape, *stand_in), len(keys), bool(stand_in))
        db, sql, params, slots, col_count, converters, at = compiled
        values = list(params)
        for position, key in slots:
            values[position] = int(keys[key])
        if subquery is not None:
            head, tail = sql
            try:
                inner_sql, inner_params = subquery.query.get_compiler(db).as_sql()
            except EmptyResultSet:
                return []
            sql = f"{head}{inner_sql}{tail}"
            values[at:at] = inner_params
        connection = connections[db]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            rows = cursor.fetchall()
        if converters or any(len(row) != col_count for row in rows):
            return [_converted(row[:col_count], converters, connection) for row in rows]
        return rows


def _compile(queryset, n_keys, with_subquery):
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    marks = {_FIRST_MARK + i: i for i in range(n_keys)}
    slots = [(position, marks[value]) for position, value in enumerate(params) if type(value) is int and value in marks]
    if {key for _, key in slots} != set(range(n_keys)) or any(str(mark) in sql for mark in marks):
        raise ValueError(f"{queryset.model.__name__}: each key must be a parameter of the statement: {sql}")
    at = None
    if with_subquery:
        parts = sql.split(_SUBQUERY_MARK)
        if len(parts) != 2:
            raise ValueError(f"{queryset.model.__name__}: the subquery must be written once in the statement: {sql}")
        sql = tuple(parts)
        # The subquery's parameters go after those written before it.
        at = re.findall(r"%[s%]", parts[0]).count("%s")
    fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
    converters = list(compiler.get_converters(fields).items())
    return queryset.db, sql, tuple(params), slots, compiler.col_count, converters, at


def _converted(row, converters, connection):
    row = list(row)
    for position, (functions, expression) in converters:
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return tuple(row)
