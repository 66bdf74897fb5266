"""Each phase's closing date gates its transition, tested through the transition door on the
day before, the day itself and the day after, with the clock frozen in Asia/Shanghai
(第八条 to 第十七条). The messages are written out as the user reads them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apps.core.exceptions import Refusal
from apps.projects.models import Project, ProjectTransition
from apps.projects.services import transition
from tests.factories import bring_to, fill_results, prepare

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def year(campaign):
    """The campaign's phases on fixed days of its year."""
    y = campaign.year
    campaign.application_opens = datetime.date(y, 3, 1)
    campaign.application_closes = datetime.date(y, 3, 31)
    campaign.recommendation_closes = datetime.date(y, 4, 15)
    campaign.approval_closes = datetime.date(y, 4, 30)
    campaign.results_closes = datetime.date(y, 10, 31)
    campaign.results_recommendation_closes = datetime.date(y, 11, 15)
    campaign.review_closes = datetime.date(y, 12, 15)
    campaign.save()
    return y


def fire(project, name, actors, who):
    if name == "submit_results":
        fill_results(project)
    needed = prepare(project, name, actor=actors[who])
    transition(project=project, name=name, actor=actors[who], comment="意见", **needed)


def refusal(project, name, actors, who):
    if name == "submit_results":
        fill_results(project)
    needed = prepare(project, name, actor=actors[who])
    before = (Project.objects.get(pk=project.pk).state, ProjectTransition.objects.filter(project=project).count())
    with pytest.raises(Refusal) as raised:
        transition(project=project, name=name, actor=actors[who], comment="意见", **needed)
    assert (Project.objects.get(pk=project.pk).state, ProjectTransition.objects.filter(project=project).count()) == before
    return raised.value.message


# (transition, its source state, who fires it, the closing day (month, day), the message after it)
CLOSING = [
    ("submit", "draft", "applicant", (3, 31), "根据{y}年度工作方案（第八条），申报已于{y}-03-31截止。"),
    ("recommend", "submitted", "recommender", (4, 15), "根据{y}年度工作方案（第十条），推荐已于{y}-04-15截止。"),
    ("approve", "recommended", "commission", (4, 30), "根据{y}年度工作方案（第十一条），立项审核已于{y}-04-30截止。"),
    ("submit_results", "in_progress", "applicant", (10, 31), "根据{y}年度工作方案（第十四条），成果材料提交已于{y}-10-31截止。"),
    ("recommend_results", "results_submitted", "recommender", (11, 15), "根据{y}年度工作方案（第十五条），成果推荐已于{y}-11-15截止。"),
]


@pytest.mark.parametrize("name,source,who,closes,message", CLOSING, ids=[row[0] for row in CLOSING])
@pytest.mark.parametrize("offset,allowed", [(-1, True), (0, True), (1, False)], ids=["day-before", "the-day", "day-after"])
def test_each_phase_closes_on_its_day(draft, actors, year, name, source, who, closes, message, offset, allowed):
    with time_machine.travel(at(year, 3, 10), tick=False):  # inside every window
        project = bring_to(draft, source, actors=actors)
    moment = at(year, *closes, hour=23, minute=59) + datetime.timedelta(days=offset)
    if offset == 1:
        moment = at(year, *closes, hour=0, minute=30) + datetime.timedelta(days=1)
    with time_machine.travel(moment, tick=False):
        if allowed:
            fire(project, name, actors, who)
            assert Project.objects.get(pk=project.pk).state != source
        else:
            assert refusal(project, name, actors, who) == message.format(y=year)


@pytest.mark.parametrize(
    "moment,allowed", [((2, 28, 23, 59), False), ((3, 1, 0, 1), True), ((3, 2, 9, 0), True)], ids=["day-before", "the-day", "day-after"]
)
def test_the_application_opens_on_its_day(draft, actors, year, moment, allowed):
    month, day, hour, minute = moment
    with time_machine.travel(at(year, month, day, hour, minute), tick=False):
        if allowed:
            fire(draft, "submit", actors, "applicant")
            assert Project.objects.get(pk=draft.pk).state == "submitted"
        else:
            assert refusal(draft, "submit", actors, "applicant") == f"根据{year}年度工作方案（第八条），申报自{year}-03-01开始，尚未开始。"


def test_nothing_is_submitted_under_an_unpublished_work_plan(draft, actors, year, campaign):
    campaign.published = False
    campaign.save(update_fields=["published"])
    with time_machine.travel(at(year, 3, 10), tick=False):
        assert refusal(draft, "submit", actors, "applicant") == f"根据第八条，{year}年度工作方案尚未发布，暂不能办理。"
        campaign.published = True
        campaign.save(update_fields=["published"])
        fire(draft, "submit", actors, "applicant")
    assert Project.objects.get(pk=draft.pk).state == "submitted"


@pytest.mark.parametrize("day,allowed", [(19, False), (20, False), (21, True)], ids=["day-before", "the-last-day", "day-after"])
def test_the_award_waits_for_the_end_of_the_notice(draft, actors, year, day, allowed):
    """第十七条: the list is announced only after the notice (公示) has ended (its last day: 12-20)."""
    with time_machine.travel(at(year, 3, 10), tick=False):
        project = bring_to(draft, "publicized", actors=actors, notice_ends_on=datetime.date(year, 12, 20))
    with time_machine.travel(at(year, 12, day, 9, 0), tick=False):
        if allowed:
            fire(project, "award", actors, "commission")
            assert Project.objects.get(pk=project.pk).state == "awarded"
        else:
            assert refusal(project, "award", actors, "commission") == f"公示期至{year}-12-20结束，公示期满后方可公布获奖名单（第十七条）。"
