"""Statements compiled once: a read a page runs on every request, whose shape never changes and
whose parameters do, skips the ORM's query building and SQL compilation after its first run
(about a millisecond of CPU for a statement with a few joins, more than it takes to run)."""

import copy
from dataclasses import dataclass

from django.db import connections, router
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesIterable, ValuesListIterable, get_related_populators


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: list  # as compiled for the first call
    slots: list  # the positions of each of the reader's parameters in ``params``
    compiler: object  # its ``select`` and converters make the rows
    iterable: type  # what the queryset's rows are: instances, dictionaries, tuples or values
    populators: list | None  # the instances' select_related objects
    names: list | None  # the dictionaries' keys


# Per reader and database.
_STATEMENTS = {}


def instances(model, build, *params, limit=None):
    """``list(build(*params)[:limit])``, the model instances of the queryset ``build`` returns
    (its ``select_related`` objects and annotations included), read with the statement
    compiled for the first call (with that ``limit``). ``build`` must write the same statement
    for any ``params``, each a string or an integer the statement takes as it is (compared
    with ``=``, not in a pattern): the first call compiles it once more for each parameter,
    with another value, to find where the statement takes it, and refuses a ``build`` whose
    statement changes with a value."""
    return _read(model, build, params, limit, (ModelIterable,))


def rows(model, build, *params, limit=None):
    """``list(build(*params)[:limit])`` for a ``values`` or ``values_list`` queryset (``flat``
    or not): its dictionaries, tuples or values, read as :func:`instances` reads."""
    return _read(model, build, params, limit, (ValuesIterable, ValuesListIterable, FlatValuesListIterable))


def _read(model, build, params, limit, iterables):
    alias = router.db_for_read(model)
    statement = _STATEMENTS.get((build, limit, alias))
    if statement is None:
        statement = _STATEMENTS[(build, limit, alias)] = _compile(build, params, limit, iterables)
    values = list(statement.params)
    for positions, value in zip(statement.slots, params):
        for position in positions:
            values[position] = value
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, values)
        found = cursor.fetchall()
    compiler = statement.compiler
    if compiler.connection is not connection:
        # Another thread's (or a closed) connection compiled it: its converters are this one's.
        compiler = copy.copy(compiler)
        compiler.connection = connection
    if statement.iterable is ModelIterable:
        return _build(alias, compiler, statement.populators, found)
    if statement.iterable is ValuesIterable:
        names = statement.names
        indexes = range(len(names))
        return [{names[i]: row[i] for i in indexes} for row in compiler.results_iter([found])]
    if statement.iterable is FlatValuesListIterable:
        return [row[0] for row in compiler.results_iter([found])]
    return list(compiler.results_iter([found], tuple_expected=True))


def _other(value):
    """A value of the same kind, to find where the statement takes ``value``."""
    if type(value) is int:
        return value + 1
    if type(value) is str:
        return value + "~"
    raise ValueError(f"a statement compiled once takes strings and integers, not {value!r}")


def _compile(build, params, limit, iterables):
    def built(*values):
        queryset = build(*values)
        return queryset if limit is None else queryset[:limit]

    queryset = built(*params)
    if queryset._iterable_class not in iterables:
        raise ValueError(f"{build.__name__}: its rows are read by {queryset._iterable_class.__name__}, not {iterables[0].__name__}")
    if queryset._known_related_objects or queryset._prefetch_related_lookups:
        raise ValueError(f"{build.__name__}: a statement compiled once reads its rows alone (no related manager, no prefetch)")
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, compiled = compiler.as_sql()
    compiled = list(compiled)
    slots = []
    for i, value in enumerate(params):
        other = _other(value)
        probe = built(*params[:i], other, *params[i + 1 :])
        probe_sql, probe_compiled = probe.query.get_compiler(using=queryset.db).as_sql()
        if probe_sql != sql or len(probe_compiled) != len(compiled):
            raise ValueError(f"{build.__name__}: the statement changes with its parameter {value!r}")
        positions = [j for j, (one, two) in enumerate(zip(compiled, probe_compiled)) if one != two]
        if not positions or any(compiled[j] != value or probe_compiled[j] != other for j in positions):
            raise ValueError(f"{build.__name__}: the statement does not take {value!r} as it is: {compiled}")
        slots.append(positions)
    populators = names = None
    if queryset._iterable_class is ModelIterable:
        populators = get_related_populators(compiler.klass_info, compiler.select, queryset.db)
    if queryset._iterable_class is ValuesIterable:
        query = queryset.query
        names = list(query.selected) if query.selected else [*query.extra_select, *query.values_select, *query.annotation_select]
    return _Statement(sql, compiled, slots, compiler, queryset._iterable_class, populators, names)


def _build(alias, compiler, populators, found):
    """What ``ModelIterable`` makes of the rows: the instance, its related objects, its
    annotations."""
    klass_info = compiler.klass_info
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [column[0].target.attname for column in compiler.select[start:end]]
    made = []
    for row in compiler.results_iter([found]):
        obj = klass_info["model"].from_db(alias, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, position in compiler.annotation_col_map.items():
            setattr(obj, name, row[position])
        made.append(obj)
    return made
