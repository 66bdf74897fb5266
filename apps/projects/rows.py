"""The plain project rows of the long lists (the project list, the unit's inbox, the
workbench): the columns a row shows, read as values and wrapped in small objects that answer
what the templates ask of a project row (``project.number``, ``project.organization.name``,
``project.get_state_display``…), without building a Project, a Campaign, an Organization and
a unit for each of 50 rows."""

import operator

from django.db.models.query import BaseIterable

from apps.campaigns.models import Campaign
from apps.organizations.choices import District, Industry
from apps.organizations.models import Organization
from apps.recommenders.models import RecommenderUnit

from .models import Project
from .states import State

# Read once: the labels of the row's choices, as ``get_<field>_display()`` writes them.
STATE_LABELS = dict(State.choices)
DISTRICT_LABELS = dict(District.choices)
INDUSTRY_LABELS = dict(Industry.choices)

# The columns of a row, in the order ProjectRow takes them: (model, attribute).
ROW_COLUMNS = (
    (Project, "id"), (Project, "title"), (Project, "state"),
    (Project, "submitted_at"), (Project, "updated_at"), (Project, "created_at"),
    (Campaign, "id"), (Campaign, "year"),
    (Organization, "id"), (Organization, "name"), (Organization, "district"), (Organization, "industry"),
    (RecommenderUnit, "id"), (RecommenderUnit, "name"),
)
# The same as Project fields to load (``.only()``; the keys come with them).
ROW_FIELDS = (
    "title", "state", "submitted_at", "updated_at", "created_at",
    "campaign__year", "organization__name", "organization__district", "organization__industry", "recommender__name",
)


class CampaignOfRow:
    __slots__ = ("pk", "year")

    def __init__(self, pk, year):
        self.pk, self.year = pk, year

    @property
    def id(self):
        return self.pk


class OrganizationOfRow:
    __slots__ = ("pk", "name", "district", "industry")

    def __init__(self, pk, name, district, industry):
        self.pk, self.name, self.district, self.industry = pk, name, district, industry

    @property
    def id(self):
        return self.pk

    def __str__(self):
        return self.name

    def get_district_display(self):
        return DISTRICT_LABELS.get(self.district, self.district)

    def get_industry_display(self):
        return INDUSTRY_LABELS.get(self.industry, self.industry)


class UnitOfRow:
    __slots__ = ("pk", "name")

    def __init__(self, pk, name):
        self.pk, self.name = pk, name

    @property
    def id(self):
        return self.pk

    def __str__(self):
        return self.name


class ProjectRow:
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
    def id(self):
        return self.pk

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


class ProjectRowIterable(BaseIterable):
    """Yields a :class:`ProjectRow` for each row of a project query that selects the
    ROW_COLUMNS (``with_list_data().only(*ROW_FIELDS)``): the compiler's columns, converted as
    for a model, taken by their model and attribute. The query stays a query of projects, so
    counting it joins nothing."""

    def __iter__(self):
        queryset = self.queryset
        compiler = queryset.query.get_compiler(using=queryset.db)
        results = compiler.execute_sql(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
        position = {}
        for index, (expression, *_) in enumerate(compiler.select):
            target = getattr(expression, "target", None)
            if target is not None:
                position.setdefault((target.model._meta.concrete_model, target.attname), index)
        take = operator.itemgetter(*(position[column] for column in ROW_COLUMNS))
        for values in compiler.results_iter(results):
            yield ProjectRow(take(values))
