"""A statement compiled once (apps.core.statements) yields what its queryset yields."""

from decimal import Decimal

import pytest
from django.db.models import Count, F, OuterRef, Subquery

from apps.core.statements import Statement
from apps.projects.models import Metric, Project
from tests.factories import ready_application


def _state_free(instance):
    return {name: value for name, value in instance.__dict__.items() if name != "_state"}


def _projects(organization_pk, state):
    """A select_related join, an annotation, a subquery and an ordering, each with a value."""
    first_metric = Metric.objects.filter(project=OuterRef("pk")).order_by("pk").values("name")[:1]
    return (
        Project.objects.select_related("organization", "campaign")
        .annotate(metrics_n=Count("metrics"), first_metric=Subquery(first_metric))
        .filter(organization=organization_pk, state=state)
        .order_by("pk")
    )


@pytest.fixture
def projects(campaign, organization, applicant, other_organization, other_applicant):
    made = [ready_application(campaign=campaign, organization=organization, created_by=applicant, title=f"降低焊接返修率{n}") for n in range(3)]
    Metric.objects.filter(project=made[1]).delete()
    Metric.objects.create(project=made[0], name="合格率", unit="%", direction="higher", baseline=Decimal("90"), target=Decimal("95"))
    ready_application(campaign=campaign, organization=other_organization, created_by=other_applicant, title="降低焊接返修率9")
    return made


@pytest.mark.django_db
def test_the_rows_are_the_querysets_with_their_joined_objects_and_annotations(projects):
    statement = Statement(_projects, int, str)
    organization = projects[0].organization_id
    expected = list(_projects(organization, "draft"))
    rows = statement.rows(organization, "draft")
    assert [row.pk for row in rows] == [project.pk for project in projects] == [row.pk for row in expected]
    for row, same in zip(rows, expected):
        assert _state_free(row) == _state_free(same)
        assert _state_free(row.organization) == _state_free(same.organization)
        assert _state_free(row.campaign) == _state_free(same.campaign)
    assert [(row.metrics_n, row.first_metric) for row in rows] == [(2, "返修率"), (0, None), (1, "返修率")]
    # Other values, the same compiled statement.
    assert statement.rows(projects[0].organization_id + 1000, "draft") == []
    assert statement.rows(organization, "submitted") == []
    Project.objects.filter(pk=projects[1].pk).update(state="submitted")
    assert statement.rows(organization, "submitted") == [projects[1]]


@pytest.mark.django_db
def test_values_rows_are_dicts_as_the_querysets(projects):
    def titles(organization_pk):
        return Project.objects.filter(organization=organization_pk).order_by("-pk").values("pk", name=F("title"))[:2]

    organization = projects[0].organization_id
    assert Statement(titles, int).rows(organization) == list(titles(organization))


@pytest.mark.django_db
def test_the_queryset_is_built_once_and_the_statement_compiled_once(projects, django_assert_num_queries):
    built = []

    def build(organization_pk, state):
        built.append((organization_pk, state))
        return _projects(organization_pk, state)

    statement = Statement(build, int, str)
    organization = projects[0].organization_id
    for _ in range(3):
        with django_assert_num_queries(1):
            assert len(statement.rows(organization, "draft")) == 3
    assert len(built) == 1 and built[0][0] < 0  # called with the stand-ins, never the values


@pytest.mark.django_db
def test_a_value_that_does_not_reach_the_statement_as_a_parameter_is_refused():
    # A slice is written into the SQL (a negative stand-in is refused by the slice itself), a
    # prefix is escaped and extended: the statement would read with the stand-in for every call.
    with pytest.raises(ValueError):
        Statement(lambda count: Project.objects.order_by("pk")[:count], int).rows(2)
    with pytest.raises(ValueError, match="do not reach"):
        Statement(lambda title: Project.objects.filter(title__startswith=title), str).rows("降低")
    with pytest.raises(ValueError, match="prefetch"):
        Statement(lambda pk: Project.objects.filter(pk=pk).prefetch_related("metrics"), int).rows(1)


def test_values_are_keys_and_texts_and_as_many_as_declared():
    with pytest.raises(TypeError):
        Statement(lambda day: Project.objects.filter(created_at__date=day), object)
    with pytest.raises(TypeError):
        Statement(lambda pk: Project.objects.filter(pk=pk), int).rows(1, 2)
    # A lookup on None is IS NULL in the queryset, and would match nothing in the statement.
    with pytest.raises(TypeError, match="None"):
        Statement(lambda pk: Project.objects.filter(recommender=pk), int).rows(None)


@pytest.mark.django_db
def test_a_choice_is_passed_as_its_value(projects):
    from apps.campaigns.models import ProjectType

    def of_kind(kind):
        return Project.objects.filter(project_type=kind).order_by("pk").values_list("pk", flat=True)

    kind = projects[0].project_type
    expected = list(of_kind(kind))
    assert len(expected) == 4 and Statement(of_kind, str).rows(ProjectType(kind)) == expected
