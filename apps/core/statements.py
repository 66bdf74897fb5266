"""Reads compiled once a process and run with each request's values.

Django builds a queryset and compiles its SQL again on every evaluation. For a screen's small
reads (one row through a few joins, the few rows of a rubric) that took longer, 0.5–1.5 ms of
CPU each, than PostgreSQL took to plan and run them. A :class:`Statement` builds its queryset
once per database with stand-ins for the values that change from call to call, keeps the
compiled SQL and what the compiler worked out about its columns, and on each call runs that SQL
with the call's values; the queryset's own iterable turns the rows into what the queryset
yields (model instances with their ``select_related`` objects and annotations, or ``values()``
dicts), with the same converters.
"""

import copy

from django.db import DEFAULT_DB_ALIAS, connections

# Stand-ins: values no key or text of the data takes, in the range of a 32-bit integer field
# (Django reads a lookup outside it as matching nothing and leaves the parameter out).
_INT_STAND_IN = -1_000_001
_TEXT_STAND_IN = "\x00stand-in {}"


class Statement:
    """The statement of ``build(*values)``, a queryset, compiled for the first call on a
    database and run with each call's ``values``.

    ``types``: the type of each value, ``int`` (a key) or ``str``. ``build`` is called once a
    database with a stand-in of that type for each value; each stand-in must reach the SQL as a
    parameter of its own, unconverted (a lookup's value on a key or a text column, a
    ``Subquery``'s), and nothing else of the queryset may depend on the values, nor on anything
    else that changes between calls (the time, the user): the first call's SQL serves them all.
    Compiling checks the stand-ins did reach it. No ``prefetch_related``: the rows are the
    statement's alone."""

    def __init__(self, build, *types):
        for kind in types:
            if kind not in (int, str):
                raise TypeError(f"a Statement's values are keys (int) or texts (str), not {kind!r}")
        self.build = build
        self.types = types
        self._compiled = {}

    def _stand_ins(self):
        return tuple(_INT_STAND_IN - place if kind is int else _TEXT_STAND_IN.format(place) for place, kind in enumerate(self.types))

    def _compile(self, using):
        stand_ins = self._stand_ins()
        queryset = self.build(*stand_ins).using(using)
        if queryset._prefetch_related_lookups:
            raise ValueError("a Statement's queryset cannot prefetch: its rows are one statement's")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = []
        for param in params:
            slot = next((place for place, stand_in in enumerate(stand_ins) if type(param) is type(stand_in) and param == stand_in), None)
            slots.append((slot, param))
        missing = set(range(len(stand_ins))) - {slot for slot, _ in slots}
        if missing:
            raise ValueError(f"values {sorted(missing)} do not reach the statement as parameters of their own, unconverted")
        compiled = (queryset, compiler, sql, tuple(slots))
        self._compiled[using] = compiled
        return compiled

    def rows(self, *values, using=DEFAULT_DB_ALIAS):
        """The rows ``build(*values)`` yields, as a list, from the statement compiled once."""
        if len(values) != len(self.types):
            raise TypeError(f"the statement takes {len(self.types)} values, not {len(values)}")
        if None in values:
            # The queryset would have written IS NULL; the statement's ``= %s`` matches nothing.
            raise TypeError("a Statement's values cannot be None")
        values = tuple(kind(value) for kind, value in zip(self.types, values))  # a choice's value, not its enum
        queryset, compiler, sql, slots = self._compiled.get(using) or self._compile(using)
        params = tuple(constant if slot is None else values[slot] for slot, constant in slots)
        # This call's compiler: the compiled one's columns and converters, this thread's
        # connection, this call's parameters.
        run = copy.copy(compiler)
        run.connection = connections[using]
        run.as_sql = lambda *args, **kwargs: (sql, params)
        shell = queryset._chain()  # a queryset of its own, never handed out, that runs ``run``
        shell.query.get_compiler = lambda *args, **kwargs: run
        return list(shell._iterable_class(shell))
