import pytest

from apps.projects import similarity
from tests.factories import bring_to, ready_application


@pytest.fixture(autouse=True)
def _fresh_similarity_index():
    # The duplicate check keeps a per-process index; each test's database is rolled back.
    similarity.reset_index()
    yield
    similarity.reset_index()


@pytest.fixture
def actors(applicant, recommender, commission, agency):
    return {"applicant": applicant, "recommender": recommender, "commission": commission, "agency": agency}


@pytest.fixture
def make_project(campaign, organization, recommender_unit, applicant, actors):
    """``make_project(state, title=..., **fields)``: a project of the campaign brought to
    ``state`` through the real transitions."""
    counter = iter(range(1, 10_000))

    def make(state, title=None, who=None, **fields):
        who = {**actors, **(who or {})}
        project = ready_application(
            campaign=fields.pop("campaign", campaign),
            organization=fields.pop("organization", organization),
            recommender=fields.pop("recommender", recommender_unit),
            created_by=who["applicant"],
            title=title or f"降低焊接返修率{next(counter)}",
            **fields,
        )
        return bring_to(project, state, actors=who)

    return make
