"""A statement compiled once gives, for every key, the rows its queryset gives: in the same
order, converted alike, one query each time, and no compiling after the first."""

import pytest
from django.db import connection
from django.db.models import Count, OuterRef
from django.test.utils import CaptureQueriesContext

from apps.core.statements import Statement
from apps.core.subqueries import count_of
from apps.organizations.models import Organization, OrganizationBan
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _rows(pk):
    rows = Organization.objects.filter(pk__gte=pk).order_by("-name", "pk")
    return rows.annotate(
        bans=count_of(OrganizationBan.objects.filter(credit_code=OuterRef("credit_code")))
    ).values_list("pk", "name", "industry", "created_at", "bans")


def test_the_rows_are_the_querysets_for_each_key_in_its_order_and_converted():
    organizations = [OrganizationFactory(name=name) for name in ("甲公司", "乙公司", "丙公司")]
    statement = Statement(_rows)
    for organization in organizations:
        expected = list(_rows(organization.pk))
        assert statement.rows(organization.pk) == expected
        # Converted as the queryset converts: an aware datetime, not the database's text.
        assert all(row[3].tzinfo is not None for row in statement.rows(organization.pk))
    assert statement.rows(10**9) == []


def test_a_statement_is_compiled_once_and_runs_one_query():
    first, second = OrganizationFactory(), OrganizationFactory()
    built = []
    statement = Statement(lambda pk: built.append(pk) or _rows(pk))
    statement.rows(first.pk)
    with CaptureQueriesContext(connection) as queries:
        rows = statement.rows(second.pk)
    assert rows == list(_rows(second.pk))
    assert len(built) == 1 and len(queries.captured_queries) == 1


def test_keys_in_a_list_and_a_shape_compile_a_statement_each():
    organizations = [OrganizationFactory() for _ in range(4)]
    keys = [organization.pk for organization in organizations]
    in_list = Statement(lambda *pks: Organization.objects.filter(pk__in=pks).order_by("pk").values_list("pk", "name"))
    assert in_list.rows(*keys[:2]) == list(Organization.objects.filter(pk__in=keys[:2]).order_by("pk").values_list("pk", "name"))
    assert in_list.rows(*keys[1:]) == list(Organization.objects.filter(pk__in=keys[1:]).order_by("pk").values_list("pk", "name"))
    paged = Statement(
        lambda pk, bottom, size: Organization.objects.filter(
            pk__in=Organization.objects.filter(pk__gte=pk).order_by("pk").values("pk")[bottom : bottom + size]
        ).order_by("pk").values_list("pk", flat=False)
    )
    assert paged.rows(keys[0], shape=(0, 2)) == [(keys[0],), (keys[1],)]
    assert paged.rows(keys[0], shape=(2, 2)) == [(keys[2],), (keys[3],)]
    assert paged.rows(keys[1], shape=(2, 2)) == [(keys[3],)]


def test_a_key_the_compiler_writes_into_the_text_is_refused():
    OrganizationFactory()
    # A slice's bounds are written into the SQL: they belong in the shape, not among the keys.
    statement = Statement(lambda size: Organization.objects.order_by("pk").values_list("pk")[:size])
    with pytest.raises(ValueError):
        statement.rows(2)
    unused = Statement(lambda pk: Organization.objects.annotate(n=Count("pk")).values_list("pk"))
    with pytest.raises(ValueError):
        unused.rows(1)


def test_a_subquery_given_at_each_run_is_written_in_its_place_with_its_parameters():
    organizations = [OrganizationFactory(name=name) for name in ("甲公司", "乙公司", "丙公司", "丁公司")]
    keys = [organization.pk for organization in organizations]

    def page(pk, name):
        return Organization.objects.filter(pk__gte=pk).exclude(name=name).order_by("-name", "pk").values("pk")[:2]

    def expected(pk, inner):
        return list(_rows(pk).filter(pk__in=inner).values_list("pk", "name", "industry", "created_at", "bans"))

    statement = Statement(lambda pk, inner: _rows(pk).filter(pk__in=inner))
    for pk, name in [(keys[0], "乙公司"), (keys[1], "丁公司"), (keys[0], "无")]:
        with CaptureQueriesContext(connection) as queries:
            rows = statement.rows(keys[0], subquery=page(pk, name))
        assert rows == expected(keys[0], page(pk, name)) and len(rows) == 2
        assert len(queries.captured_queries) == 1
    assert statement.rows(keys[3], subquery=page(keys[0], "无")) == expected(keys[3], page(keys[0], "无"))


def test_a_subquery_that_matches_nothing_gives_no_rows_without_a_query():
    OrganizationFactory()
    statement = Statement(lambda inner: Organization.objects.filter(pk__in=inner).values_list("pk"))
    with CaptureQueriesContext(connection) as queries:
        assert statement.rows(subquery=Organization.objects.none().values("pk")[:5]) == []
    assert queries.captured_queries == []
