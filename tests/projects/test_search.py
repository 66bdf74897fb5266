"""Search by title, organisation, credit code, people and PDCA text, always within what the
searching user may see (staff: submitted projects; a unit: the projects routed to it; an
organisation: its own)."""

import pytest
from django.urls import reverse

from apps.projects import search
from apps.projects.models import Project, TeamMember
from apps.projects.selectors import visible_projects


@pytest.fixture
def world(make_project, other_organization, other_recommender_unit, other_applicant, other_recommender, commission, agency):
    ours = make_project("submitted", title="降低冲压件毛刺不良率")
    TeamMember.objects.create(project=ours, name="欧阳明远", role="technical", position="工艺工程师")
    theirs = make_project(
        "submitted",
        title="降低注塑件毛刺不良率",
        organization=other_organization,
        recommender=other_recommender_unit,
        who={"applicant": other_applicant, "recommender": other_recommender},
    )
    TeamMember.objects.create(project=theirs, name="欧阳明远", role="technical")
    draft = make_project("draft", title="降低铸件毛刺不良率")
    return {"ours": ours, "theirs": theirs, "draft": draft}


def found(user, text):
    return set(search.matching(visible_projects(user), text).values_list("title", flat=True))


def test_each_kind_of_text_is_found(world, commission, organization):
    assert found(commission, "冲压件") == {"降低冲压件毛刺不良率"}  # title
    assert found(commission, organization.name) == {"降低冲压件毛刺不良率"}  # organisation
    assert found(commission, organization.credit_code.lower()) == {"降低冲压件毛刺不良率"}  # credit code, any case
    assert found(commission, "欧阳明远") == {"降低冲压件毛刺不良率", "降低注塑件毛刺不良率"}  # people
    world["ours"].plan_cause_analysis = "模具刃口磨损是末端因素中的要因。"
    world["ours"].save()
    assert found(commission, "刃口磨损") == {"降低冲压件毛刺不良率"}  # PDCA text
    assert found(commission, "毛刺 冲压件") == {"降低冲压件毛刺不良率"}  # every word, any order


def test_search_stays_within_each_roles_visibility(world, commission, agency, recommender, other_recommender, applicant):
    # Staff: every submitted project, never another organisation's unsubmitted draft.
    assert found(commission, "毛刺") == {"降低冲压件毛刺不良率", "降低注塑件毛刺不良率"}
    assert found(agency, "毛刺") == {"降低冲压件毛刺不良率", "降低注塑件毛刺不良率"}
    # A unit: only the projects routed to it.
    assert found(recommender, "欧阳明远") == {"降低冲压件毛刺不良率"}
    assert found(other_recommender, "欧阳明远") == {"降低注塑件毛刺不良率"}
    # An organisation: its own, the draft included.
    assert found(applicant, "毛刺") == {"降低冲压件毛刺不良率", "降低铸件毛刺不良率"}


def test_the_screens_search_within_visibility(client, world, commission, recommender):
    client.force_login(recommender)
    body = client.get(reverse("recommenders:inbox"), {"q": "欧阳明远"}).content.decode()
    assert "降低冲压件毛刺不良率" in body and "降低注塑件毛刺不良率" not in body
    client.force_login(commission)
    body = client.get(reverse("projects:list"), {"q": "欧阳明远"}).content.decode()
    assert "降低冲压件毛刺不良率" in body and "降低注塑件毛刺不良率" in body and "降低铸件毛刺不良率" not in body


def test_the_search_text_follows_team_and_organisation_changes(world, commission, organization):
    member = TeamMember.objects.get(project=world["ours"], name="欧阳明远")
    member.name = "司马青云"
    member.save()
    assert found(commission, "司马青云") == {"降低冲压件毛刺不良率"}
    member.delete()
    assert found(commission, "司马青云") == set()
    organization.name = "天津宏达冲压件有限公司"
    organization.save()
    assert Project.objects.get(pk=world["ours"].pk).search_text.count("天津宏达冲压件有限公司") == 1
    assert found(commission, "宏达") == {"降低冲压件毛刺不良率"}


def test_two_character_words_and_words_whose_pieces_sit_apart(world, commission):
    """Most Chinese words have two characters (PostgreSQL looks them up by bigram); a longer
    word is found only where it occurs whole, not where its pieces sit apart."""
    world["ours"].plan_current_state = "工序能力良好，毛刺率好转。"
    world["ours"].save()
    assert found(commission, "好转") == {"降低冲压件毛刺不良率"}
    assert found(commission, "毛刺") == {"降低冲压件毛刺不良率", "降低注塑件毛刺不良率"}
    assert found(commission, "良好转") == set()  # 良好 and 好转 occur, 良好转 does not
    assert found(commission, "注塑") == {"降低注塑件毛刺不良率"}
    assert found(commission, "铸件") == set()  # the draft is the applicant's own
    assert found(commission, "冲") == {"降低冲压件毛刺不良率"}  # one character
    assert found(commission, "毛刺 注塑") == {"降低注塑件毛刺不良率"}  # two pairs
    assert found(commission, "好转 冲压件") == {"降低冲压件毛刺不良率"}  # a pair and a longer word
    assert found(commission, "好转 注塑件") == set()


def test_quotes_and_backslashes_are_plain_text(world, commission):
    world["ours"].plan_goal = "目标值'A\\B'达成"
    world["ours"].save()
    assert found(commission, "'a\\b'") == {"降低冲压件毛刺不良率"}
    assert found(commission, "b'达成") == {"降低冲压件毛刺不良率"}
    assert found(commission, "'x") == set()
