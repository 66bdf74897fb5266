"""Per-row counts and maxima as correlated subqueries, for list pages.

An aggregate through a join (``annotate(n=Count("assignments"))``) groups every row of the list
with all its related rows before the page is cut, and two such counts multiply each other's
rows. A correlated ``SELECT COUNT(...)`` is computed for the rows the page shows (or, when the
list is ordered by it, probes an index once a row), and a paginator's count leaves it out.

The subqueries are written without GROUP BY: with ``values(key).annotate(...)[:1]`` PostgreSQL
misjudged them and scanned the whole related table once a row instead of using its index."""

from django.db.models import DateField, F, Func, IntegerField, Subquery
from django.db.models.functions import Coalesce


def count_of(rows, *, counted="pk", distinct=False):
    """The number of ``rows`` (a queryset filtered on ``OuterRef``), 0 for none. ``counted=None``
    counts them as ``COUNT(*)``: the same number as their keys', and PostgreSQL can answer it
    from an index of the filtered columns alone, where counting the keys reads every row."""
    if counted is None:
        count = Func(template="COUNT(*)", output_field=IntegerField())
    else:
        template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
        count = Func(F(counted), template=template, output_field=IntegerField())
    rows = rows.order_by().annotate(n=count).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def max_of(rows, field, *, output_field=None):
    """The largest ``field`` of ``rows`` (a queryset filtered on ``OuterRef``), None for none."""
    output_field = output_field or DateField()
    rows = rows.order_by().annotate(m=Func(F(field), template="MAX(%(expressions)s)", output_field=output_field)).values("m")
    return Subquery(rows, output_field=output_field)
