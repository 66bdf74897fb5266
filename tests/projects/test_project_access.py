"""project_or_404(full=True): the project with its metrics, team, attachments and log, read
one query each and held as prefetch_related holds them."""

from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from apps.common.project_access import project_or_404
from apps.projects.selectors import visible_projects
from apps.projects.models import Attachment, Metric, TeamMember
from tests.factories import add_pdf


def _fields(rows):
    return [{field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields} for row in rows]


def test_full_project_holds_the_same_rows_as_the_orm_reads(make_project, applicant):
    """The same rows, in the same order, with the same values and types (decimals, moments,
    files), for each of two projects: the statement compiled for the first reads the second's."""
    first, second = make_project("draft"), make_project("submitted")
    Metric.objects.create(project=second, name="一次合格率", unit="%", direction="higher", baseline=Decimal("91.25"), target=Decimal("98.5"), actual=Decimal("99"))
    TeamMember.objects.create(project=second, name="王五", role="member", position="工程师")
    add_pdf(second, kind="results", name="成果.pdf")
    for project in (first, second, first):
        full = project_or_404(applicant, project.pk, full=True)
        with CaptureQueriesContext(connection) as ctx:
            for name, model in (("metrics", Metric), ("team_members", TeamMember), ("attachments", Attachment)):
                held = list(getattr(full, name).all())
                assert _fields(held) == _fields(model.objects.filter(project=project)) != []
                assert all(row.project is full for row in held)
        assert len(ctx) == 3  # the ORM's reads above, for the comparison: none for the held rows
        assert isinstance(full.metrics.all()[0].baseline, Decimal)
        assert full.attachments.all()[0].uploaded_at.tzinfo is not None


def test_full_project_answers_further_questions_about_its_rows(make_project, applicant):
    """What is asked of a kind beyond its rows is asked of the database, for this project only."""
    project, other = make_project("submitted"), make_project("draft")
    add_pdf(project, kind="results", name="成果.pdf")
    full = project_or_404(applicant, project.pk, full=True)
    assert full.attachments.count() == 2 and full.attachments.exists()
    assert [a.original_name for a in full.attachments.filter(kind="results")] == ["成果.pdf"]
    assert list(full.metrics.order_by("-pk")) == list(Metric.objects.filter(project=project).order_by("-pk"))
    assert not Metric.objects.filter(project=other).filter(pk__in=[m.pk for m in full.metrics.all()]).exists()


ROLES = ["applicant", "other_applicant", "recommender", "other_recommender", "commission", "agency", "expert"]


@pytest.mark.parametrize("full", [False, True])
def test_the_page_finds_exactly_the_projects_the_lists_show(request, make_project, other_organization, other_applicant, commission, full):
    """Read by its key and asked ``projects.view_project`` (or, for a unit, asked in the query
    with the lists' filter): for each role, the projects it finds are those its lists show
    (visible_projects), a draft included, an inactive user finding none."""
    own = [make_project(state) for state in ("draft", "submitted", "recommended", "returned")]
    others = [make_project(state, organization=other_organization, who={"applicant": other_applicant}) for state in ("draft", "submitted")]
    projects = own + others
    inactive = request.getfixturevalue("applicant")
    for role in ROLES:
        user = request.getfixturevalue(role)
        listed = set(visible_projects(user).values_list("pk", flat=True))
        found = set()
        for project in projects:
            try:
                found.add(project_or_404(user, project.pk, full=full).pk)
            except Http404:
                pass
        assert found == listed, role
        # Not an empty agreement: the parties and the staff each find some and miss some.
        if role in ("applicant", "other_applicant", "recommender", "commission", "agency"):
            assert found and found != {p.pk for p in projects}, role
    inactive.is_active = False
    assert [p for p in projects if _found(inactive, p.pk)] == []
    assert not _found(commission, max(p.pk for p in projects) + 1)


def _found(user, pk):
    try:
        project_or_404(user, pk)
    except Http404:
        return False
    return True
