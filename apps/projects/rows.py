"""The plain project rows of the long lists (the project list, the unit's inbox, the
workbench): the columns a row shows, read as values and wrapped in small objects that answer
what the templates ask of a project row (``project.number``, ``project.organization.name``,
``project.get_state_display``…), without building a Project, a Campaign, an Organization and
a unit for each of 50 rows."""

from django.db.models.query import BaseIterable, ValuesListIterable

from apps.core.statements import Statement
from apps.organizations.choices import District, Industry

from .models import Project
from .states import State

# Read once: the labels of the row's choices, as ``get_<field>_display()`` writes them.
STATE_LABELS = dict(State.choices)
DISTRICT_LABELS = dict(District.choices)
INDUSTRY_LABELS = dict(Industry.choices)

# The columns of a row, in the order ProjectRow takes them.
ROW_COLUMNS = (
    "pk", "title", "state", "submitted_at", "updated_at", "created_at",
    "campaign_id", "campaign__year",
    "organization_id", "organization__name", "organization__district", "organization__industry",
    "recommender_id", "recommender__name",
)


class _Row:
    """A template looks a name up first as ``row[name]``, then as an attribute after that
    failed (``django.template.base.Variable``): a row answers the first way, by its attribute,
    which halves the cost of a list's cells (a dozen lookups a row, 50 rows a page). A name it
    does not have fails both ways, as before."""

    __slots__ = ()
    __getitem__ = object.__getattribute__

    @property
    def id(self):
        return self.pk


class _NamedRow(_Row):
    """A related row shown by its name (``{{ project.organization }}``), as its model's
    ``__str__`` shows it."""

    __slots__ = ()

    def __str__(self):
        return self.name


class CampaignOfRow(_Row):
    __slots__ = ("pk", "year")

    def __init__(self, pk, year):
        self.pk, self.year = pk, year


class OrganizationOfRow(_NamedRow):
    __slots__ = ("pk", "name", "district", "industry")

    def __init__(self, pk, name, district, industry):
        self.pk, self.name, self.district, self.industry = pk, name, district, industry

    def get_district_display(self):
        return DISTRICT_LABELS.get(self.district, self.district)

    def get_industry_display(self):
        return INDUSTRY_LABELS.get(self.industry, self.industry)


class UnitOfRow(_NamedRow):
    __slots__ = ("pk", "name")

    def __init__(self, pk, name):
        self.pk, self.name = pk, name


class ProjectRow(_Row):
    """One project of a list, as :meth:`ProjectQuerySet.for_rows` reads it. Equal to the
    Project (or row) of the same key, as model instances are to each other."""

    __slots__ = ("pk", "title", "state", "submitted_at", "updated_at", "created_at", "campaign", "organization", "recommender")

    def __init__(self, values):
        (
            self.pk, self.title, self.state, self.submitted_at, self.updated_at, self.created_at,
            campaign_id, year, organization_id, name, district, industry, recommender_id, recommender,
        ) = values
        self.campaign = CampaignOfRow(campaign_id, year)
        self.organization = OrganizationOfRow(organization_id, name, district, industry)
        self.recommender = UnitOfRow(recommender_id, recommender) if recommender_id is not None else None

    @property
    def campaign_id(self):
        return self.campaign.pk

    @property
    def organization_id(self):
        return self.organization.pk

    @property
    def recommender_id(self):
        return self.recommender.pk if self.recommender is not None else None

    @property
    def number(self):
        return Project.number_of(self.campaign.year, self.pk)

    def get_state_display(self):
        return STATE_LABELS.get(self.state, self.state)

    def __eq__(self, other):
        return isinstance(other, (ProjectRow, Project)) and other.pk == self.pk

    def __hash__(self):
        return hash(self.pk)

    def __repr__(self):
        return f"<ProjectRow {self.pk}>"


def keys_first(queryset):
    """A page (a sliced query) of projects as one query that finds the page's keys first, then
    reads their rows: ``WHERE id IN (SELECT id … ORDER BY … LIMIT 50)``, in the same order.

    The keys' query needs only the filtered and ordered columns, which an index may hold
    (project_routed_cover_idx, projects 0018): a unit's projects within its scope (第六条) are
    then found from the index of the unit's organisations and sorted, and only the page's rows
    are read. Reading the rows in the same query let PostgreSQL walk the unit's projects newest
    first instead, reading each row and its organisation until fifty were in scope (800 rows
    for a district bureau at design scale: 4 ms, against 1 ms). A DISTINCT query (both grants
    at once, apps.projects.selectors.visible_projects) selects its ordering too, and is read
    as it is."""
    query = queryset.query
    if not query.is_sliced or query.distinct:
        return queryset
    keys = queryset.values_list("pk", flat=True)
    ordering = query.order_by or queryset.model._meta.ordering
    return queryset.model._base_manager.filter(pk__in=keys).order_by(*ordering)


def _rows_of_keys(*ordering_and_keys):
    *ordering, keys = ordering_and_keys
    return Project._base_manager.filter(pk__in=keys).order_by(*ordering).values_list(*ROW_COLUMNS)


# The rows of a page's keys (keys_first), in an ordering of field names: the statement compiled
# once for each ordering (apps.core.statements), the keys' query (the user's projects, the
# list's filters, the page's bounds) compiled at each call and written in its place.
_ROWS_OF_KEYS = Statement(_rows_of_keys)


class ProjectRowIterable(BaseIterable):
    """Yields a :class:`ProjectRow` for each project of the query, read as the values of the
    ROW_COLUMNS (``values_list``) when it is read: the query stays a query of projects, so
    counting it (the paginator) joins nothing, and reading it compiles plain columns. A page
    is read keys first (:func:`keys_first`), the rows' part of its statement compiled once."""

    reads_keys_first = True

    def rows_query(self):
        return keys_first(self.queryset)

    def __iter__(self):
        query = self.queryset.query
        ordering = tuple(query.order_by or self.queryset.model._meta.ordering)
        if self.reads_keys_first and query.is_sliced and not query.distinct and not query.extra_order_by and all(type(field) is str for field in ordering):
            keys = self.queryset.values_list("pk", flat=True)
            for row in _ROWS_OF_KEYS.rows(shape=ordering, subquery=keys, using=self.queryset.db):
                yield ProjectRow(row)
            return
        values = self.rows_query().values_list(*ROW_COLUMNS)
        for row in ValuesListIterable(values, chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size):
            yield ProjectRow(row)


class PlainProjectRowIterable(ProjectRowIterable):
    """:class:`ProjectRowIterable` reading a page as it is (``for_rows(keys_first=False)``):
    for a list whose page PostgreSQL already finds from the organisations in scope, where the
    keys' subquery only adds planning and compiling (the unit's inbox)."""

    reads_keys_first = False

    def rows_query(self):
        return self.queryset
