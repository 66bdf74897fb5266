"""Statements compiled once a process and run with each call's values.

Django builds a queryset and writes its SQL anew on every evaluation. For the small, fixed
reads a busy screen runs on every request (a row through a few joins, the rows of a panel, a
paged subquery) that took 0.3–1.5 ms of CPU each, often longer than PostgreSQL took to plan and
run them. A :class:`Statement` builds its queryset once a process (per database and shape),
keeps the SQL the compiler wrote and what the compiler worked out about its columns, and on each
call runs that SQL with the call's values; the queryset's own iterable turns the rows into what
the queryset yields: model instances with their ``select_related`` objects and annotations,
``values()`` dictionaries, ``values_list()`` tuples or flat values, with the same converters.
"""

import copy
import re

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.expressions import RawSQL

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
        values = tuple(map(_plain, values))
        low, high = connections[using].ops.integer_field_range("BigIntegerField")
        if any(type(value) is int and not low <= value <= high for value in values):
            return []  # beyond any key the database holds (as the ORM answers such a lookup)
        variant = (using, len(values), tuple(shape), subquery is not None)
        compiled = self._compiled.get(variant)
        if compiled is None:
            compiled = self._compiled[variant] = self._compile(values, tuple(shape), subquery is not None, using)
        queryset, compiler, sql, params, slots, at = compiled
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
        # This call's compiler: the compiled one's columns and converters, this thread's
        # connection, this call's SQL and parameters.
        run = copy.copy(compiler)
        run.connection = connections[using]
        run.as_sql = lambda *args, **kwargs: (sql, tuple(params))
        shell = queryset._chain()  # a queryset of its own, never handed out, that runs ``run``
        shell.query.get_compiler = lambda *args, **kwargs: run
        return list(shell._iterable_class(shell))

    def _built(self, values, shape, with_subquery, using):
        stand_in = (RawSQL(_SUBQUERY_MARK, ()),) if with_subquery else ()
        return self.build(*values, *shape, *stand_in).using(using)

    def _compile(self, values, shape, with_subquery, using):
        name = getattr(self.build, "__name__", "build")
        queryset = self._built(values, shape, with_subquery, using)
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError(f"{name}: a statement compiled once reads its rows alone (no related manager, no prefetch)")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        params = list(params)
        slots = []
        for i, value in enumerate(values):
            other = _other(value, values)
            probe = self._built((*values[:i], other, *values[i + 1 :]), shape, with_subquery, using)
            probe_sql, probe_params = probe.query.get_compiler(using=using).as_sql()
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
        return queryset, compiler, sql, tuple(params), slots, at
