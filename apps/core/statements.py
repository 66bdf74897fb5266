"""Statements compiled once: a read a page runs on every request, whose shape never changes and
whose parameters do, skips the ORM's query building and SQL compilation after its first run
(about a millisecond of CPU for a statement with a few joins, more than it takes to run)."""

from django.db import connections, router
from django.db.models.query import get_related_populators

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
    alias = router.db_for_read(model)
    statement = _STATEMENTS.get((build, alias))
    if statement is None:
        queryset = build(*params)
        statement = _compile(queryset, params)
        if statement is None:
            return list(queryset)
        _STATEMENTS[(build, alias)] = statement
    sql, compiled, slots, compiler, populators = statement
    values = list(compiled)
    for slot, value in zip(slots, params):
        values[slot] = value
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, values)
        rows = cursor.fetchall()
    return _build(model, alias, compiler, populators, rows)


def _compile(queryset, params):
    if queryset._known_related_objects or queryset._prefetch_related_lookups:
        raise ValueError("a statement compiled once reads its rows alone (no related manager, no prefetch)")
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
    populators = get_related_populators(compiler.klass_info, compiler.select, queryset.db)
    return sql, compiled, slots, compiler, populators


def _build(model, alias, compiler, populators, rows):
    """What ``ModelIterable`` makes of the rows: the instance, its related objects, its
    annotations."""
    klass_info = compiler.klass_info
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [column[0].target.attname for column in compiler.select[start:end]]
    found = []
    for row in compiler.results_iter([rows]):
        obj = klass_info["model"].from_db(alias, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, position in compiler.annotation_col_map.items():
            setattr(obj, name, row[position])
        found.append(obj)
    return found
