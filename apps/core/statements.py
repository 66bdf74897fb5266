"""Statements compiled once: a read a page runs on every request, whose shape never changes and
whose parameters do, skips the ORM's query building and SQL compilation after its first run
(about a millisecond of CPU for a statement with a few joins, more than it takes to run)."""

from django.db import connections, router
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

# The compiled statement of each reader, per database: (sql, compiled parameters, positions of
# the reader's parameters among them, compiler, related populators).
_STATEMENTS = {}


def instances(model, build, *params):
    """``list(build(*params))``, the model instances of the queryset ``build`` returns (its
    ``select_related`` objects and annotations included), read with the statement compiled for
    the first call. ``build`` must give the same statement for any ``params``: each parameter a
    string or an integer compared with ``=``, which the statement takes as it is. Each is looked
    for among the compiled statement's parameters: one that is not there is an error; a call
    whose values cannot be told apart from the statement's constants is read the ordinary way
    and compiles nothing."""
    return _read(model, build, params, ModelIterable)


def rows(model, build, *params):
    """``list(build(*params))`` for a ``values_list`` queryset of fields (no annotation): its
    tuples, read as :func:`instances` reads."""
    return _read(model, build, params, ValuesListIterable)


def _read(model, build, params, iterable):
    alias = router.db_for_read(model)
    statement = _STATEMENTS.get((build, alias))
    if statement is None:
        queryset = build(*params)
        statement = _compile(queryset, params, iterable)
        if statement is None:
            return list(queryset)
        _STATEMENTS[(build, alias)] = statement
    sql, compiled, slots, compiler, populators = statement
    values = list(compiled)
    for slot, value in zip(slots, params):
        values[slot] = value
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, values)
        found = cursor.fetchall()
    if iterable is ValuesListIterable:
        return list(compiler.results_iter([found], tuple_expected=True))
    return _build(alias, compiler, populators, found)


def _compile(queryset, params, iterable):
    if queryset._iterable_class is not iterable:
        raise ValueError(f"a statement compiled once is read by {iterable.__name__}, not {queryset._iterable_class.__name__}")
    if queryset._known_related_objects or queryset._prefetch_related_lookups:
        raise ValueError("a statement compiled once reads its rows alone (no related manager, no prefetch)")
    if iterable is ValuesListIterable and (queryset.query.annotation_select or queryset.query.extra_select):
        raise ValueError("a values_list compiled once holds fields only")
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, compiled = compiler.as_sql()
    compiled = list(compiled)
    slots = []
    for value in params:
        found = [i for i, other in enumerate(compiled) if type(other) is type(value) and other == value]
        if not found:
            raise ValueError(f"the statement does not take {value!r} as it is: {compiled}")
        if len(found) > 1:
            return None
        slots.append(found[0])
    populators = get_related_populators(compiler.klass_info, compiler.select, queryset.db) if iterable is ModelIterable else None
    return sql, compiled, slots, compiler, populators


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
