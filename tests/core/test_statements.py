"""A statement compiled once (apps.core.statements) yields, for every call's values, what its
queryset yields: the same instances with their joined objects and annotations, dictionaries,
tuples or values, in the same order and converted alike; one query a call, the queryset built
and compiled only on the first call."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.test.utils import CaptureQueriesContext

from apps.awards.models import AwardList
from apps.campaigns.models import Campaign
from apps.core.statements import Statement
from apps.core.subqueries import count_of
from apps.organizations.models import Organization, OrganizationBan
from apps.projects.models import Metric, Project
from tests.factories import CampaignFactory, OrganizationFactory, ready_application

pytestmark = pytest.mark.django_db


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


def test_the_rows_are_the_querysets_with_their_joined_objects_and_annotations(projects):
    statement = Statement(_projects)
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
    assert statement.rows(organization + 1000, "draft") == []
    assert statement.rows(organization, "submitted") == []
    Project.objects.filter(pk=projects[1].pk).update(state="submitted")
    assert statement.rows(organization, "submitted") == [projects[1]]


def test_the_queryset_is_built_on_the_first_call_alone_and_each_call_is_one_query(projects):
    built = []

    def build(organization_pk, state):
        built.append((organization_pk, state))
        return _projects(organization_pk, state)

    statement = Statement(build)
    organization = projects[0].organization_id
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            assert len(statement.rows(organization, "draft")) == 3
        assert len(queries) == 1
    # Built for the first call, then once more for each value, with another in its place.
    assert built == [(organization, "draft"), (organization + 1, "draft"), (organization, "draft~")]


def test_a_related_list_read_with_it_and_the_campaign_found_by_its_year():
    def campaign_of(year):
        return (
            Campaign.objects.filter(year=year, published=True)
            .select_related("award_list")
            .only("year", "notice_days", "award_list__status", "award_list__notice_ends_on")
            .annotate(under_notice=Exists(Project.objects.filter(campaign=OuterRef("pk"), state="publicized")))
            .order_by()
        )

    def shown(campaign):
        award_list = getattr(campaign, "award_list", None)
        return (
            campaign.pk, campaign.year, campaign.notice_days, campaign.under_notice,
            award_list and (award_list.pk, award_list.status, award_list.notice_ends_on),
        )

    with_list = CampaignFactory(year=2025)
    AwardList.objects.create(campaign=with_list, status=AwardList.Status.NOTICE, notice_ends_on=datetime.date(2025, 12, 1))
    CampaignFactory(year=2024)
    CampaignFactory(year=2023, published=False)
    statement = Statement(campaign_of)
    for year in (2025, 2024, 2023, 2025, 2022):
        expected = [shown(campaign) for campaign in campaign_of(year)]
        assert [shown(campaign) for campaign in statement.rows(year)] == expected
    assert statement.rows(2025)[0].award_list.status == AwardList.Status.NOTICE
    assert statement.rows(2023) == [] and statement.rows(2022) == []


def test_a_value_taken_twice_or_equal_to_a_constant_of_the_statement():
    CampaignFactory(year=2025, notice_days=5)
    CampaignFactory(year=5, notice_days=7)

    def by_year_not_notice_days_five(year):
        return Campaign.objects.filter(Q(year=year) | Q(quota_first=year)).exclude(notice_days=5).order_by("year")

    statement = Statement(by_year_not_notice_days_five)
    for year in (5, 2025, 5):
        assert statement.rows(year) == list(by_year_not_notice_days_five(year))
    (compiled,) = statement._compiled.values()
    assert len(compiled[4][0]) == 2  # the year's two places, not the constant 5
    assert [c.year for c in statement.rows(5)] == [5]
    assert statement.rows(2025) == []


def test_dictionaries_tuples_and_flat_values_converted_as_the_queryset_converts_them():
    organizations = [OrganizationFactory(name=name) for name in ("甲公司", "乙公司", "丙公司")]
    OrganizationBan.objects.create(
        credit_code=organizations[1].credit_code, organization_name="乙公司", starts_on=datetime.date(2025, 1, 1), reason="虚假材料"
    )

    def columns(pk):
        rows = Organization.objects.filter(pk__gte=pk).order_by("-name", "pk")
        return rows.annotate(bans=count_of(OrganizationBan.objects.filter(credit_code=OuterRef("credit_code")))).values_list(
            "pk", "name", "industry", "created_at", "bans"
        )

    def names(pk):
        return Organization.objects.filter(pk__gte=pk).order_by("pk").values("pk", label=F("name"))

    def keys(pk):
        return Organization.objects.filter(pk__gte=pk).order_by("pk").values_list("pk", flat=True)

    for statement, build in ((Statement(columns), columns), (Statement(names), names), (Statement(keys), keys)):
        for organization in (*organizations, organizations[0]):
            assert statement.rows(organization.pk) == list(build(organization.pk))
        assert statement.rows(10**9) == []
    rows = Statement(columns).rows(organizations[0].pk)
    assert all(row[3].tzinfo is not None for row in rows)  # an aware moment, not the database's text
    assert sorted(row[4] for row in rows) == [0, 0, 1]


def test_keys_in_a_list_and_a_shape_compile_a_statement_each():
    keys = [OrganizationFactory().pk for _ in range(4)]
    in_list = Statement(lambda *pks: Organization.objects.filter(pk__in=pks).order_by("pk").values_list("pk", "name"))
    assert in_list.rows(*keys[:2]) == list(Organization.objects.filter(pk__in=keys[:2]).order_by("pk").values_list("pk", "name"))
    assert in_list.rows(*keys[1:]) == list(Organization.objects.filter(pk__in=keys[1:]).order_by("pk").values_list("pk", "name"))
    paged = Statement(
        lambda pk, bottom, size: Organization.objects.filter(
            pk__in=Organization.objects.filter(pk__gte=pk).order_by("pk").values("pk")[bottom : bottom + size]
        ).order_by("pk").values_list("pk")
    )
    assert paged.rows(keys[0], shape=(0, 2)) == [(keys[0],), (keys[1],)]
    assert paged.rows(keys[0], shape=(2, 2)) == [(keys[2],), (keys[3],)]
    assert paged.rows(keys[1], shape=(2, 2)) == [(keys[3],)]
    assert len(in_list._compiled) == 2 and len(paged._compiled) == 2


def test_a_subquery_given_at_each_run_is_written_in_its_place_with_its_parameters():
    organizations = [OrganizationFactory(name=name) for name in ("甲公司", "乙公司", "丙公司", "丁公司")]
    keys = [organization.pk for organization in organizations]

    def page(pk, name):
        return Organization.objects.filter(pk__gte=pk).exclude(name=name).order_by("-name", "pk").values("pk")[:2]

    def build(pk, inner):
        return Organization.objects.filter(pk__gte=pk, pk__in=inner).order_by("name").values_list("pk", "name")

    def expected(pk, inner):
        return list(Organization.objects.filter(pk__gte=pk, pk__in=inner).order_by("name").values_list("pk", "name"))

    statement = Statement(build)
    for pk, name in [(keys[0], "乙公司"), (keys[1], "丁公司"), (keys[0], "无")]:
        with CaptureQueriesContext(connection) as queries:
            rows = statement.rows(keys[0], subquery=page(pk, name))
        assert rows == expected(keys[0], page(pk, name)) and len(rows) == 2
        assert len(queries) == 1
    assert statement.rows(keys[3], subquery=page(keys[0], "无")) == expected(keys[3], page(keys[0], "无"))


def test_a_statement_that_changes_with_a_value_or_takes_it_converted_is_refused():
    def titled_or_all(title):
        return Campaign.objects.filter(title=title) if title else Campaign.objects.all()

    with pytest.raises(ValueError, match="changes with its value"):
        Statement(titled_or_all).rows("")
    # A slice's bounds are written into the SQL: they belong in the shape.
    with pytest.raises(ValueError, match="changes with its value"):
        Statement(lambda size: Organization.objects.order_by("pk").values_list("pk")[:size]).rows(2)
    # A pattern takes the value escaped and extended.
    with pytest.raises(ValueError, match="does not take"):
        Statement(lambda title: Campaign.objects.filter(title__icontains=title)).rows("攻关")
    # A value the statement does not take at all.
    with pytest.raises(ValueError, match="does not take"):
        Statement(lambda pk: Organization.objects.annotate(n=Count("pk")).values_list("pk")).rows(1)


def test_only_integers_and_strings_and_no_prefetch():
    with pytest.raises(TypeError, match="integers and strings"):
        Statement(lambda year: Campaign.objects.filter(year=year)).rows(None)
    with pytest.raises(TypeError, match="integers and strings"):
        Statement(lambda flag: Campaign.objects.filter(published=flag)).rows(True)
    with pytest.raises(ValueError, match="prefetch"):
        Statement(lambda pk: Project.objects.filter(pk=pk).prefetch_related("metrics")).rows(1)


def test_read_with_the_connection_of_the_reading_thread():
    AwardList.objects.create(campaign=CampaignFactory(year=2024), notice_ends_on=datetime.date(2024, 12, 1))
    statement = Statement(lambda year: Campaign.objects.filter(year=year).select_related("award_list").order_by())
    assert [c.year for c in statement.rows(2024)] == [2024]
    (compiled,) = statement._compiled.values()
    compiled[1].connection = None  # as if another thread's: never used here
    (campaign,) = statement.rows(2024)
    assert campaign.award_list.notice_ends_on == datetime.date(2024, 12, 1)  # converted
    assert compiled[1].connection is None


def test_a_choice_is_read_as_its_value():
    CampaignFactory(year=2025)
    statement = Statement(lambda state: Project.objects.filter(state=state).values_list("pk", flat=True))
    from apps.projects.states import State

    assert statement.rows(State.DRAFT) == statement.rows("draft") == list(Project.objects.filter(state="draft").values_list("pk", flat=True))


def test_a_subquery_that_matches_nothing_gives_no_rows_without_a_query():
    keys = [OrganizationFactory().pk for _ in range(2)]
    statement = Statement(lambda pk, inner: Organization.objects.filter(pk__gte=pk, pk__in=inner).order_by("pk").values_list("pk"))
    assert statement.rows(keys[0], subquery=Organization.objects.filter(pk__in=keys).values("pk")) == [(keys[0],), (keys[1],)]
    for nothing in (Organization.objects.none().values("pk"), Organization.objects.filter(pk__in=[]).values("pk")):
        with CaptureQueriesContext(connection) as queries:
            assert statement.rows(keys[0], subquery=nothing) == []
        assert len(queries) == 0


def test_a_key_beyond_the_databases_range_gives_no_rows_without_a_query():
    key = OrganizationFactory().pk
    statement = Statement(lambda pk: Organization.objects.filter(pk=pk).values_list("pk", flat=True))
    assert statement.rows(key) == [key]
    for beyond in (2**63, -(2**63) - 1, 10**30):
        with CaptureQueriesContext(connection) as queries:
            assert statement.rows(beyond) == []
        assert len(queries) == 0
    assert statement.rows(2**63 - 1) == []  # at the edge: asked of the database


def _prepared_here():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements WHERE name LIKE 'tjqa_statement_%%'")
        return {name for (name,) in cursor.fetchall()}


def test_a_statement_is_prepared_once_a_connection_on_postgresql_and_runs_its_sql_elsewhere(projects):
    statement = Statement(_projects)
    organization = projects[0].organization_id
    assert statement.rows(organization, "draft") == list(_projects(organization, "draft"))
    (compiled,) = statement._compiled.values()
    if connection.vendor != "postgresql":
        assert compiled[7] is None
        with CaptureQueriesContext(connection) as queries:
            assert [row.pk for row in statement.rows(organization, "draft")] == [project.pk for project in projects]
        assert [query["sql"][:6] for query in queries.captured_queries] == ["SELECT"]
        return
    name = compiled[7].name
    assert name in _prepared_here()
    with CaptureQueriesContext(connection) as queries:
        assert [row.pk for row in statement.rows(organization, "draft")] == [project.pk for project in projects]
        assert statement.rows(organization + 1000, "draft") == []
    # One query a call, no second PREPARE; the log shows what ran, the statement's text with it.
    assert [query["sql"].split(" /* ")[0] for query in queries.captured_queries] == [
        f"EXECUTE {name}({organization}, 'draft')",
        f"EXECUTE {name}({organization + 1000}, 'draft')",
    ]
    assert '"projects_project"."organization_id" = $1' in queries.captured_queries[0]["sql"]
    # The joined objects and annotations come as the queryset's.
    for row, same in zip(statement.rows(organization, "draft"), _projects(organization, "draft")):
        assert _state_free(row) == _state_free(same) and _state_free(row.organization) == _state_free(same.organization)


@pytest.mark.django_db(transaction=True)
def test_a_prepared_statement_outlives_a_rolled_back_transaction_and_a_new_connection_prepares_it_anew(projects):
    from django.db import transaction

    prepared = connection.vendor == "postgresql"  # elsewhere: the same rows, the SQL itself run
    statement = Statement(lambda pk: Project.objects.filter(pk=pk).values_list("title", flat=True))
    with pytest.raises(ZeroDivisionError):
        with transaction.atomic():
            assert statement.rows(projects[0].pk) == ["降低焊接返修率0"]
            1 / 0
    (compiled,) = statement._compiled.values()
    if prepared:
        assert compiled[7].name in _prepared_here()
    assert statement.rows(projects[1].pk) == ["降低焊接返修率1"]
    # Another connection holds nothing prepared: the statement is prepared there on first use.
    connection.close()
    if prepared:
        assert compiled[7].name not in _prepared_here()
    assert statement.rows(projects[2].pk) == ["降低焊接返修率2"]
    if prepared:
        assert compiled[7].name in _prepared_here()


def test_constants_with_a_percent_sign_and_values_typed_as_their_columns(projects, settings):
    Project.objects.filter(pk=projects[1].pk).update(title="合格率提升至100%的攻关")

    def titled(organization_pk, state):
        return Project.objects.filter(organization=organization_pk, state=state, title__contains="100%").values_list("pk", flat=True)

    statement = Statement(titled)
    organization = projects[0].organization_id
    assert statement.rows(organization, "draft") == [projects[1].pk] == list(titled(organization, "draft"))
    assert statement.rows(organization, "submitted") == []
    # Switched off (a pooler sharing server connections): the SQL itself runs.
    settings.TJQA_PREPARED_STATEMENTS = False
    with CaptureQueriesContext(connection) as queries:
        assert statement.rows(organization, "draft") == [projects[1].pk]
    assert queries.captured_queries[0]["sql"].startswith("SELECT")


def _related_of(project_pk):
    """A project's row with its joins, metrics (decimals), team (in a non-key order),
    attachments (files), log with its actors' names, and commitments as columns."""
    from apps.projects.models import Attachment, AuthenticityCommitment, ProjectTransition, TeamMember

    return (
        lambda pk: Project.objects.select_related("organization", "campaign", "fingerprint").filter(pk=pk).order_by(),
        lambda pk: Metric.objects.filter(project_id=pk),
        lambda pk: TeamMember.objects.filter(project_id=pk),
        lambda pk: Attachment.objects.filter(project_id=pk),
        lambda pk: ProjectTransition.objects.filter(project_id=pk).select_related("actor").only("transition", "created_at", "comment", "actor__username"),
        lambda pk: AuthenticityCommitment.objects.filter(project_id=pk).values_list("phase", "confirmed_at", "confirmed_by__username"),
    )


@pytest.fixture
def project_with_rows(projects, applicant):
    from django.utils import timezone

    from apps.projects.models import Attachment, AuthenticityCommitment, ProjectFingerprint, ProjectTransition, TeamMember

    project = projects[0]
    TeamMember.objects.create(project=project, name="后加的组长", role="leader", role_order=0)
    for n in range(3):
        kind = "results" if n == 1 else "application"
        Attachment.objects.create(project=project, kind=kind, file=f"a/{n}.pdf", original_name=f"附件{n}.pdf", content_type="application/pdf", size=10 + n)
        actor = applicant if n else None
        ProjectTransition.objects.create(project=project, transition="note", from_state="draft", to_state="draft", actor=actor, comment=f"记录{n}")
    AuthenticityCommitment.objects.create(project=project, phase="application", transition="submit", text="承诺", confirmed_by=applicant)
    ProjectFingerprint.objects.create(
        project=project, year=project.campaign.year, text_hash="x", status="done", checked_at=timezone.now(),
        matches=[{"project": 1, "score": 0.8125, "title": "往年的项目"}],
    )
    return project


def _shown(rows):
    def one(row):
        if isinstance(row, tuple):
            return row
        related = {name: _state_free(value) for name, value in row._state.fields_cache.items() if value is not None}
        return (_state_free(row), related)

    return [one(row) for row in rows]


def test_statements_read_together_in_one_round_trip_on_postgresql_give_what_each_gives(project_with_rows, projects):
    from apps.core.statements import Together

    builds = _related_of(project_with_rows.pk)
    together = Together(*(Statement(build) for build in builds))
    for project in (project_with_rows, projects[1], project_with_rows):
        with CaptureQueriesContext(connection) as queries:
            rows = together.rows(project.pk)
        assert len(queries) == (1 if connection.vendor == "postgresql" else len(builds))
        assert [_shown(kind) for kind in rows] == [_shown(build(project.pk)) for build in builds]
    project_row, metrics, team, attachments, log, commitments = together.rows(project_with_rows.pk)
    # What the driver gives, not JSON's text or floats: aware moments, exact decimals, documents.
    assert project_row[0].fingerprint.matches == [{"project": 1, "score": 0.8125, "title": "往年的项目"}]
    assert project_row[0].created_at.tzinfo is not None and project_row[0].campaign.title
    assert [metric.baseline for metric in metrics] == [m.baseline for m in Metric.objects.filter(project=project_with_rows)]
    assert all(isinstance(metric.baseline, Decimal) for metric in metrics)
    assert "后加的组长" in [member.name for member in team] and len(team) >= 2
    assert [attachment.file.name for attachment in attachments][-3:] == ["a/0.pdf", "a/2.pdf", "a/1.pdf"]  # kind, then key
    assert [(row.comment, row.actor and row.actor.username) for row in log][:2] == [("记录0", None), ("记录1", project_with_rows.created_by.username)]
    assert commitments[0][0] == "application" and commitments[0][1].tzinfo is not None
    assert together.rows(10**9) == [[], [], [], [], [], []]
    with CaptureQueriesContext(connection) as queries:
        assert together.rows(2**63) == [[], [], [], [], [], []]
    assert len(queries) == 0


def test_statements_read_together_elsewhere_are_read_each_on_its_own(project_with_rows, settings):
    from apps.core.statements import Together

    settings.TJQA_PREPARED_STATEMENTS = False  # on PostgreSQL too
    builds = _related_of(project_with_rows.pk)
    together = Together(*(Statement(build) for build in builds))
    with CaptureQueriesContext(connection) as queries:
        rows = together.rows(project_with_rows.pk)
    assert len(queries) == len(builds)
    assert [_shown(kind) for kind in rows] == [_shown(build(project_with_rows.pk)) for build in builds]


def test_a_column_the_driver_gives_otherwise_than_json_is_refused_together_on_postgresql():
    import datetime as dt

    from django.db.models import DurationField, Value

    from apps.core.statements import Together

    lasting = Statement(lambda year: Campaign.objects.filter(year=year).annotate(span=Value(dt.timedelta(days=1), output_field=DurationField())))
    distinct = Statement(lambda year: Campaign.objects.filter(year=year).values_list("title").distinct())
    if connection.vendor != "postgresql":  # each read on its own: nothing to refuse
        assert Together(lasting).rows(2025) == [[]] and Together(distinct).rows(2025) == [[]]
        return
    with pytest.raises(ValueError, match="DurationField"):
        Together(lasting).rows(2025)
    with pytest.raises(ValueError, match="distinct"):
        Together(distinct).rows(2025)


def test_statements_read_also_where_they_cost_no_round_trip_of_their_own(project_with_rows, settings):
    from apps.core.statements import Together

    project_row, *_, commitments = _related_of(project_with_rows.pk)
    together = Together(Statement(project_row), also=(Statement(commitments),))
    expected_commitments = list(commitments(project_with_rows.pk))
    assert expected_commitments
    with CaptureQueriesContext(connection) as queries:
        found, also = together.rows(project_with_rows.pk)
    assert [row.pk for row in found] == [project_with_rows.pk] and len(queries) == 1
    assert also == (expected_commitments if connection.vendor == "postgresql" else None)
    settings.TJQA_PREPARED_STATEMENTS = False  # each on its own: the others alone are read
    with CaptureQueriesContext(connection) as queries:
        assert together.rows(project_with_rows.pk)[1] is None
    assert len(queries) == 1


def test_a_pages_bounds_are_its_first_rows_position_and_its_size():
    from django.core.paginator import Paginator

    from apps.core.statements import page_bounds

    paginator = Paginator(range(120), 50)
    assert [page_bounds(paginator.page(n)) for n in (1, 2, 3)] == [(0, 50), (50, 50), (100, 50)]
