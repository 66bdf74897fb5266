"""Statements compiled once a process and run with each call's values.

Django builds a queryset and writes its SQL anew on every evaluation. For the small, fixed
reads a busy screen runs on every request (a row through a few joins, the rows of a panel, a
paged subquery) that took 0.3–1.5 ms of CPU each, often longer than PostgreSQL took to plan and
run them. A :class:`Statement` builds its queryset once a process (per database and shape),
keeps the SQL the compiler wrote and what the compiler worked out about its columns, and on each
call runs that SQL with the call's values; the queryset's own iterable turns the rows into what
the queryset yields: model instances with their ``select_related`` objects and annotations,
``values()`` dictionaries, ``values_list()`` tuples or flat values, with the same converters.

On PostgreSQL a statement without a subquery is also prepared on each connection that runs it
(``PREPARE``, then ``EXECUTE`` with the call's values): the server parses and plans it once a
connection, not at every call, which was most of the server's time for a row read through
several joins. ``TJQA_PREPARED_STATEMENTS = False`` (a pooler that hands a session's
connection to other sessions between transactions) runs the SQL itself.
"""

import copy
import datetime
import itertools
import json
import re
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.expressions import RawSQL, Window
from django.db.models.functions import RowNumber

# The stand-in for a subquery given at each run, written where its SQL goes.
_SUBQUERY_MARK = "SELECT 987654321987654999"
_INT_MAX = 2**31 - 1


def _plain(value):
    """``value`` as the integer or string it stands for (a choice's value, not its enum)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return str(value)
    raise TypeError(f"a statement compiled once takes integers and strings, not {value!r}")


def _taken(values, connection):
    """``values`` as a statement takes them (:func:`_plain`), or None where an integer is
    beyond the database's 64-bit range: no row can hold it."""
    values = tuple(map(_plain, values))
    low, high = connection.ops.integer_field_range("BigIntegerField")
    if any(type(value) is int and not low <= value <= high for value in values):
        return None
    return values


def _other(value, values):
    """A value of the same kind as ``value`` and none of ``values``, to find where the
    statement takes it."""
    if type(value) is int:
        step = 1 if value < _INT_MAX - len(values) else -1
        other = value + step
        while other in values:
            other += step
        return other
    if type(value) is str:
        other = value + "~"
        while other in values:
            other += "~"
        return other
    raise TypeError(f"a statement compiled once takes integers and strings, not {value!r}")


def page_bounds(page):
    """(the first row's position, the page size) of ``page``, a Django Paginator's page: a page
    of a list read by its position, as a statement's ``shape``."""
    return (page.number - 1) * page.paginator.per_page, page.paginator.per_page


class Statement:
    """The rows of ``build(*values, *shape[, subquery])``, a queryset, read with the SQL
    compiled for the first call (per database, number of values, shape and whether a subquery
    is given) and run with each call's ``values``.

    - ``values``: integers and strings the statement takes as they are (compared with ``=`` or
      ``IN``, not in a pattern); an integer beyond the database's 64-bit range (a key asked in
      an address) gives no rows, without a query. The first call compiles the queryset once more for each value,
      with another value in its place, to find where the statement takes it (a value taken
      twice, or equal to a constant, is found so) and refuses a ``build`` whose statement
      changes with a value, or takes it converted.
    - ``shape``: what else the SQL depends on and the compiler writes into its text (a page's
      bounds, which become LIMIT and OFFSET): a statement is compiled for each shape.
    - ``subquery``: a queryset that varies in more than its values (one user's view of a list,
      a page of it). ``build`` is then given a stand-in for it as its last argument, and each
      run writes the subquery's own SQL and parameters in its place, compiling that part alone.
      It restricts the rows (they are read ``IN`` it): one that can match nothing (an empty
      list of keys, ``none()``) gives no rows, without a query, as the ORM does.

    Nothing else of the queryset may depend on anything that changes between calls (the time,
    the user, a setting): the first call's SQL serves them all. No ``prefetch_related``: the
    rows are the statement's alone."""

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def rows(self, *values, shape=(), subquery=None, using=DEFAULT_DB_ALIAS):
        """``list(build(*values, *shape[, subquery]))``, read with the statement compiled once."""
        values = _taken(values, connections[using])
        if values is None:
            return []  # beyond any key the database holds (as the ORM answers such a lookup)
        variant = (using, len(values), tuple(shape), subquery is not None)
        compiled = self._compiled.get(variant)
        if compiled is None:
            compiled = self._compiled[variant] = self._compile(values, tuple(shape), subquery is not None, using)
        queryset, compiler, sql, params, slots, at, converters, prepared = compiled
        connection = connections[using]
        if prepared is not None and settings.TJQA_PREPARED_STATEMENTS:
            sql, params = prepared.execute(connection, values)
        else:
            params = list(params)
            for positions, value in zip(slots, values):
                for position in positions:
                    params[position] = value
        if subquery is not None:
            head, tail = sql
            try:
                inner_sql, inner_params = subquery.query.get_compiler(using).as_sql()
            except EmptyResultSet:
                return []  # it matches nothing: neither does the statement it restricts
            sql = f"{head}{inner_sql}{tail}"
            params[at:at] = inner_params
        return _yielded(queryset, compiler, converters, connection, sql=sql, params=params)

    def _built(self, values, shape, with_subquery, using):
        stand_in = (RawSQL(_SUBQUERY_MARK, ()),) if with_subquery else ()
        return self.build(*values, *shape, *stand_in).using(using)

    def _compile(self, values, shape, with_subquery, using, aliases=False):
        name = getattr(self.build, "__name__", "build")
        queryset = self._built(values, shape, with_subquery, using)
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError(f"{name}: a statement compiled once reads its rows alone (no related manager, no prefetch)")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql(with_col_aliases=aliases)
        params = list(params)
        slots = []
        for i, value in enumerate(values):
            other = _other(value, values)
            probe = self._built((*values[:i], other, *values[i + 1 :]), shape, with_subquery, using)
            probe_sql, probe_params = probe.query.get_compiler(using=using).as_sql(with_col_aliases=aliases)
            if probe_sql != sql or len(probe_params) != len(params):
                raise ValueError(f"{name}: the statement changes with its value {value!r}")
            positions = [j for j, (one, two) in enumerate(zip(params, probe_params)) if one != two]
            if not positions or any(params[j] != value or probe_params[j] != other for j in positions):
                raise ValueError(f"{name}: the statement does not take {value!r} as it is: {params}")
            slots.append(positions)
        at = None
        if with_subquery:
            parts = sql.split(_SUBQUERY_MARK)
            if len(parts) != 2:
                raise ValueError(f"{name}: the subquery must be written once in the statement: {sql}")
            sql = tuple(parts)
            # The subquery's parameters go after those written before it.
            at = re.findall(r"%[s%]", parts[0]).count("%s")
        converters = compiler.get_converters([column for column, _, _ in compiler.select[: compiler.col_count]])
        prepared = None
        if not with_subquery and not aliases and connections[using].vendor == "postgresql":
            prepared = _Prepared(sql, params, slots, connections[using])
        return queryset, compiler, sql, tuple(params), slots, at, converters, prepared


def _yielded(queryset, compiler, converters, connection, *, sql=None, params=None, rows=None):
    """What ``queryset`` yields for the rows ``sql`` reads with ``params`` (or for ``rows``,
    read already), made by the queryset's own iterable with a compiler of this call: the
    compiled one's columns and converters (worked out once: a row of many columns took 0.1 ms
    for them), this thread's connection, this call's SQL and parameters."""
    run = copy.copy(compiler)
    run.connection = connection
    run.get_converters = lambda expressions: converters
    if rows is None:
        run.as_sql = lambda *args, **kwargs: (sql, tuple(params))
    else:
        run.execute_sql = lambda *args, **kwargs: [rows]
    shell = queryset._chain()  # a queryset of its own, never handed out, that runs ``run``
    shell.query.get_compiler = lambda *args, **kwargs: run
    return list(shell._iterable_class(shell))


class Together:
    """Statements taking the same values (a project's row and its related rows), read in one
    round trip on PostgreSQL: each statement's rows are aggregated as JSON arrays in its
    order, in one prepared statement, and decoded to the values the driver gives for their
    columns before the statement's own iterable makes its instances or tuples. Elsewhere
    each statement is read on its own. ``rows(*values)`` gives each statement's rows, as its
    own ``rows(*values)`` would.

    ``also``: statements read with the others where that costs no round trip of its own (on
    PostgreSQL), and not read elsewhere: their place in ``rows()`` is then None, and the
    caller reads them when it needs them (rows a page shows only in some states)."""

    ORDER = "_read_together_order"

    def __init__(self, *statements, also=()):
        self.statements = statements + tuple(also)
        self.also = len(also)
        self._compiled = {}

    def rows(self, *values, using=DEFAULT_DB_ALIAS):
        connection = connections[using]
        if connection.vendor != "postgresql" or not settings.TJQA_PREPARED_STATEMENTS:
            own = self.statements[: len(self.statements) - self.also]
            return [statement.rows(*values, using=using) for statement in own] + [None] * self.also
        values = _taken(values, connection)
        if values is None:
            return [[] for _ in self.statements]
        variant = (using, len(values))
        compiled = self._compiled.get(variant)
        if compiled is None:
            compiled = self._compiled[variant] = self._compile(values, using)
        parts, prepared = compiled
        sql, params = prepared.execute(connection, values)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            texts = cursor.fetchone()
        result = []
        for (queryset, compiler, converters, decoders), text in zip(parts, texts):
            rows = []
            for groups in json.loads(text, parse_float=Decimal):
                row = list(itertools.chain.from_iterable(groups))
                for at, decode in decoders:
                    if row[at] is not None:
                        row[at] = decode(row[at])
                rows.append(row)
            result.append(_yielded(queryset, compiler, converters, connection, rows=rows))
        return result

    def _compile(self, values, using):
        quote = connections[using].ops.quote_name
        parts, selects, params, slots = [], [], [], [[] for _ in values]
        for statement in self.statements:
            queryset, compiler, _, _, _, _, converters, _ = statement._compile(values, (), False, using)
            if queryset.query.distinct:
                # Each row's place in the order would make every row distinct.
                raise ValueError(f"{getattr(statement.build, '__name__', 'build')}: a distinct statement cannot be read together")
            ordered = Statement(self._ordered(statement.build))
            _, with_order, sql, part_params, part_slots, _, _, _ = ordered._compile(values, (), False, using, aliases=True)
            columns = with_order.select[: with_order.col_count]
            order = next(i for i, (_, _, alias) in enumerate(columns) if alias == self.ORDER)
            # The statement's own columns, in its order, with the order's column left out.
            own = [sql_params for _, sql_params, _ in compiler.select[: compiler.col_count]]
            if [sql_params for i, (_, sql_params, _) in enumerate(columns) if i != order] != own:
                raise ValueError(f"{getattr(statement.build, '__name__', 'build')}: its columns change when read together")
            # A JSON document goes as its text, which is what the driver gives for it.
            listed = [
                f"_rows.{quote(alias)}" + ("::text" if _kind(column.output_field) == "JSONField" else "")
                for i, (column, _, alias) in enumerate(columns)
                if i != order
            ]
            # A function takes at most 100 arguments: the columns go in arrays of at most 90.
            groups = ", ".join(f"json_build_array({', '.join(listed[at : at + 90])})" for at in range(0, len(listed), 90))
            selects.append(
                f"(SELECT COALESCE(json_agg(json_build_array({groups}) ORDER BY _rows.{quote(self.ORDER)}), '[]')::text FROM ({sql}) _rows)"
            )
            for i, positions in enumerate(part_slots):
                slots[i].extend(len(params) + position for position in positions)
            params.extend(part_params)
            decoders = [(at, _decoder(column.output_field)) for at, (column, _, _) in enumerate(compiler.select[: compiler.col_count])]
            decoders = [(at, decode) for at, decode in decoders if decode is not None]
            parts.append((queryset, compiler, converters, decoders))
        return parts, _Prepared("SELECT " + ", ".join(selects), params, slots, connections[using])

    def _ordered(self, build):
        """``build`` with its rows' place in its order as a column (row_number() over it)."""

        def ordered(*values):
            queryset = build(*values)
            query = queryset.query
            ordering = query.order_by or (queryset.model._meta.ordering if query.default_ordering else ())
            return queryset.annotate(**{self.ORDER: Window(RowNumber(), order_by=list(ordering) or None)})

        return ordered


def _kind(field):
    while field.is_relation:
        field = field.target_field
    return field.get_internal_type()


def _decoder(field):
    """What turns a column's JSON value (not null) into the value the driver (psycopg2) gives
    for it; None where it is that already."""
    kind = _kind(field)
    if kind in _AS_IS:
        return None
    if kind in _DECODERS:
        return _DECODERS[kind]
    raise ValueError(f"a statement read together cannot carry a {kind} column")


_AS_IS = {
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField",
    "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField", "BooleanField",
    "CharField", "TextField", "EmailField", "SlugField", "URLField", "FileField", "ImageField",
    "FilePathField", "GenericIPAddressField", "JSONField",
}
_DECODERS = {
    "DecimalField": Decimal,
    "FloatField": float,
    "DateTimeField": datetime.datetime.fromisoformat,
    "DateField": datetime.date.fromisoformat,
    "TimeField": datetime.time.fromisoformat,
    "UUIDField": uuid.UUID,
}


_NAMES = itertools.count(1)


class _Prepared:
    """A statement prepared on each PostgreSQL connection that runs it: ``PREPARE`` on its
    first call there, ``EXECUTE`` with the call's values after. The compiled statement's
    constants are written into it as literals, its values are its parameters (typed ``bigint``
    or ``text``, as they are compared with a column). A prepared statement lives as long as its
    connection, whatever becomes of the transaction it was prepared in; a new connection
    prepares it anew."""

    def __init__(self, sql, params, slots, connection):
        self.name = f"tjqa_statement_{next(_NAMES)}"
        number = {position: n for n, positions in enumerate(slots, start=1) for position in positions}
        types = {}
        body = []
        position = 0
        for piece in re.split(r"(%[s%])", sql):
            if piece == "%%":
                body.append("%")
            elif piece == "%s":
                if position in number:
                    body.append(f"${number[position]}")
                    types[number[position]] = "bigint" if type(params[position]) is int else "text"
                else:
                    body.append(connection.ops.compose_sql("%s", [params[position]]))
                position += 1
            else:
                body.append(piece)
        body = "".join(body)
        arguments = f"({', '.join(types[n] for n in sorted(types))})" if types else ""
        self.prepare = f"PREPARE {self.name}{arguments} AS {body}"
        placeholders = ", ".join(["%s"] * len(slots))
        self.execute_sql = f"EXECUTE {self.name}({placeholders})" if slots else f"EXECUTE {self.name}"
        # Where queries are logged (DEBUG, a test counting them), the statement's text goes
        # with its name, so a log reads what ran.
        self.logged_sql = f"{self.execute_sql} /* {body.replace('%', '%%')} */" if "*/" not in body else self.execute_sql

    def execute(self, connection, values):
        """The SQL and parameters that run the statement with ``values`` on ``connection``,
        prepared there first if it is not yet."""
        connection.ensure_connection()
        raw = connection.connection
        held = getattr(connection, "_tjqa_prepared", None)
        if held is None or held[0] is not raw:  # a new connection: nothing is prepared on it
            held = connection._tjqa_prepared = (raw, set())
        if self.name not in held[1]:
            with connection.wrap_database_errors, raw.cursor() as cursor:
                cursor.execute(self.prepare)
            held[1].add(self.name)
        return (self.logged_sql if connection.queries_logged else self.execute_sql), list(values)
