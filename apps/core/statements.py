"""Statements compiled once a process and run again with other keys.

Django writes a query's SQL anew each time it is run. For the long, fixed queries of a busy
screen (correlated counts, several joins, a paged subquery) writing it took 0.3–0.6 ms of CPU
a query, often longer than PostgreSQL took to plan and run it. A :class:`Statement` builds its
query once a process and database with stand-in keys, keeps the SQL the compiler wrote, and
runs that SQL with the request's keys in their place: the same statement, the same rows,
converted as the queryset converts them."""

from django.db import connections

# Stand-ins for a statement's keys while it is compiled: numbers no table's key reaches.
_FIRST_MARK = 987_654_321_987_654_000


class Statement:
    """The rows of ``build(*keys, *shape)``, a ``values_list`` query whose varying parameters
    are the integer ``keys``; ``shape`` holds what else its SQL depends on and the compiler
    writes into the text (a page's bounds, which become LIMIT and OFFSET). Compiled once for
    each database, number of keys and shape."""

    def __init__(self, build):
        self._build = build
        self._compiled = {}

    def rows(self, *keys, shape=()):
        """The rows (tuples) ``list(build(*keys, *shape))`` gives, in its order."""
        queryset = None
        compiled = self._compiled.get((len(keys), shape))
        if compiled is None:
            queryset = self._build(*(_FIRST_MARK + i for i in range(len(keys))), *shape)
            compiled = self._compiled[(len(keys), shape)] = _compile(queryset, len(keys))
        db, sql, params, slots, col_count, converters = compiled
        values = list(params)
        for position, key in slots:
            values[position] = int(keys[key])
        connection = connections[db]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            rows = cursor.fetchall()
        if converters or any(len(row) != col_count for row in rows):
            return [_converted(row[:col_count], converters, connection) for row in rows]
        return rows


def _compile(queryset, n_keys):
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    marks = {_FIRST_MARK + i: i for i in range(n_keys)}
    slots = [(position, marks[value]) for position, value in enumerate(params) if type(value) is int and value in marks]
    if {key for _, key in slots} != set(range(n_keys)) or any(str(mark) in sql for mark in marks):
        raise ValueError(f"{queryset.model.__name__}: each key must be a parameter of the statement: {sql}")
    fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
    converters = list(compiler.get_converters(fields).items())
    return queryset.db, sql, tuple(params), slots, compiler.col_count, converters


def _converted(row, converters, connection):
    row = list(row)
    for position, (functions, expression) in converters:
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return tuple(row)
