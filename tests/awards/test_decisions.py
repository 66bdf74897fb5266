"""第十七条 deciding within the 第四条 quotas; decisions drafted, then published together."""

import datetime
import threading
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.awards.models import AwardList, BestOrganizationAward, ListEntry
from apps.awards.services import AwardRefused, decisions
from apps.review.models import BestOrganizationEntry
from apps.projects.states import State
from tests.factories import RecommenderFactory

pytestmark = pytest.mark.django_db


def test_open_list_takes_the_panel_proposal_as_a_draft(campaign, make_reviewed, commission):
    projects = make_reviewed(3, levels=["first", "second", ""])
    award_list = decisions.open_list(campaign=campaign, actor=commission)
    entries = {e.project_id: e for e in award_list.entries.all()}
    assert [entries[p.pk].level for p in projects] == ["first", "second", ""]
    assert entries[projects[0].pk].rank == 1
    for p in projects:  # nothing public yet: drafts only
        p.refresh_from_db()
        assert p.state == State.REVIEWED and p.award_level == ""


def test_only_the_commission_decides(campaign, make_reviewed, agency):
    make_reviewed(1)
    with pytest.raises(AwardRefused, match="市市场监管委"):
        decisions.open_list(campaign=campaign, actor=agency)


def test_adjusting_beyond_the_quota_is_refused_citing_article_4(campaign, make_reviewed, commission):
    campaign.quota_first = 1
    campaign.save()
    a, b = make_reviewed(2, levels=["first", "second"])
    decisions.open_list(campaign=campaign, actor=commission)
    entry_b = ListEntry.objects.get(project=b)
    with pytest.raises(AwardRefused) as exc:
        decisions.set_level(entry=entry_b, level="first", actor=commission)
    assert "根据第四条" in exc.value.message and "一等奖名额为1个" in exc.value.message
    decisions.set_level(entry=ListEntry.objects.get(project=a), level="third", actor=commission)
    decisions.set_level(entry=entry_b, level="first", actor=commission)
    assert ListEntry.objects.get(project=b).adjusted


def test_proposal_over_the_quota_is_trimmed_when_opened(campaign, make_reviewed, commission):
    campaign.quota_second = 1
    campaign.save()
    make_reviewed(2, levels=["second", "second"])
    award_list = decisions.open_list(campaign=campaign, actor=commission)
    assert list(award_list.entries.order_by("rank").values_list("level", flat=True)) == ["second", ""]


def test_best_organization_quota(campaign, make_reviewed, commission):
    campaign.quota_best_organization = 1
    campaign.save()
    make_reviewed(1)
    units = [RecommenderFactory(), RecommenderFactory()]
    for i, unit in enumerate(units):
        BestOrganizationEntry.objects.create(campaign=campaign, recommender=unit, rank=i + 1, applications=3, proposed_awards=1, score=10, proposed=True)
    decisions.open_list(campaign=campaign, actor=commission)
    first, second = BestOrganizationAward.objects.order_by("rank")
    assert first.selected and not second.selected  # trimmed to the quota
    with pytest.raises(AwardRefused, match="根据第四条.*最佳组织奖名额为1个"):
        decisions.set_best_organization(award=second, selected=True, actor=commission)


def test_publish_sets_levels_and_the_notice_period(campaign, make_reviewed, commission):
    a, b = make_reviewed(2, levels=["first", "third"])
    decisions.open_list(campaign=campaign, actor=commission)
    award_list = decisions.publish_list(campaign=campaign, actor=commission)
    today = timezone.localdate()
    assert award_list.status == AwardList.Status.NOTICE
    assert (award_list.notice_starts_on, award_list.notice_ends_on) == (today, today + datetime.timedelta(days=campaign.notice_days - 1))
    for p, level in ((a, "first"), (b, "third")):
        p.refresh_from_db()
        assert p.state == State.PUBLICIZED and p.award_level == level and p.notice_ends_on == award_list.notice_ends_on
    with pytest.raises(AwardRefused, match="不能再调整"):
        decisions.set_level(entry=ListEntry.objects.get(project=a), level="second", actor=commission)


def test_publishing_an_empty_list_is_refused(campaign, make_reviewed, commission):
    make_reviewed(1, levels=[""])
    decisions.open_list(campaign=campaign, actor=commission)
    with pytest.raises(AwardRefused, match="尚无拟授奖项目"):
        decisions.publish_list(campaign=campaign, actor=commission)


def test_level_change_through_htmx_updates_row_and_counts(client, campaign, make_reviewed, commission):
    campaign.quota_first = 1
    campaign.save()
    a, b = make_reviewed(2, levels=["first", "second"])
    decisions.open_list(campaign=campaign, actor=commission)
    client.force_login(commission)
    entry = ListEntry.objects.get(project=b)
    response = client.post(reverse("awards:set_level", args=[entry.pk]), {"level": "first"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert f'id="entry-{entry.pk}"' in html and "根据第四条" in html and 'hx-swap-oob="true"' in html
    response = client.post(reverse("awards:set_level", args=[entry.pk]), {"level": "third"}, HTTP_HX_REQUEST="true")
    assert "1/200" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_adjustments_cannot_exceed_the_quota(campaign, make_reviewed, commission):
    """Two people raising different projects to the last first prize at once: one wins."""
    campaign.quota_first = 1
    campaign.save()
    make_reviewed(3, levels=["", "", ""])
    decisions.open_list(campaign=campaign, actor=commission)
    entries = list(ListEntry.objects.all())
    barrier = threading.Barrier(len(entries))
    outcomes = []

    def raise_to_first(entry):
        from django.db import connections

        try:
            barrier.wait()
            decisions.set_level(entry=entry, level="first", actor=commission)
            outcomes.append("ok")
        except AwardRefused as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=raise_to_first, args=(e,)) for e in entries]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert all("根据第四条" in o for o in outcomes if o != "ok")
    assert ListEntry.objects.filter(level="first").count() == 1


def test_top_up_button_only_when_a_reviewed_project_is_missing(client, campaign, make_reviewed, commission, django_assert_max_num_queries):
    from apps.awards import selectors

    make_reviewed(2, levels=["first", "second"])
    award_list = decisions.open_list(campaign=campaign, actor=commission)
    client.force_login(commission)
    url = reverse("awards:decide", args=[campaign.year])
    assert "补充载入新评审完成的项目" not in client.get(url).content.decode()
    # A project reviewed after the list was opened: the button appears, with how many.
    ready = make_reviewed(1, levels=["third"])
    with django_assert_max_num_queries(1):
        assert selectors.unloaded_reviewed_count(award_list) == 1
    assert "补充载入新评审完成的项目（1个）" in client.get(url).content.decode()
    client.post(url, {"action": "open"})
    assert award_list.entries.filter(project=ready[0]).exists()
    assert "补充载入新评审完成的项目" not in client.get(url).content.decode()


def test_gap_note_shown_on_its_entry_only(client, campaign, make_reviewed, commission):
    from apps.review.models import ProposalEntry

    a, b = make_reviewed(2, levels=["first", "second"])
    note = "评审专家2回避（第二十二条），其评分不计入；请市市场监管委处理。"
    ProposalEntry.objects.filter(project=a).update(gap_note=note)
    decisions.open_list(campaign=campaign, actor=commission)
    # An entry whose project has no panel proposal at all (loaded, then its proposal removed).
    ProposalEntry.objects.filter(project=b).delete()
    client.force_login(commission)
    html = client.get(reverse("awards:decide", args=[campaign.year])).content.decode()
    assert html.count('class="flag gap-note"') == 1 and f"⚑ {note}" in html
    entry = ListEntry.objects.get(project=a)
    row = client.post(reverse("awards:set_level", args=[entry.pk]), {"level": "second"}, HTTP_HX_REQUEST="true").content.decode()
    assert f"⚑ {note}" in row


def test_decision_list_counts_the_entries_of_the_level_shown(client, campaign, make_reviewed, commission):
    make_reviewed(3, levels=["first", "second", ""])
    decisions.open_list(campaign=campaign, actor=commission)
    client.force_login(commission)
    url = reverse("awards:decide", args=[campaign.year])
    html = client.get(url).content.decode()
    assert "优秀成果（3个项目）" in html and html.count('<tr id="entry-') == 3
    html = client.get(url, {"level": "second"}).content.decode()
    assert "优秀成果（1个项目，筛选中）" in html and html.count('<tr id="entry-') == 1 and "降低焊接返修率攻关2" in html
    html = client.get(url, {"level": ""}).content.decode()
    assert "优秀成果（1个项目，筛选中）" in html and "降低焊接返修率攻关3" in html
    html = client.get(url, {"level": "third"}).content.decode()
    assert "优秀成果（0个项目，筛选中）" in html and '<tr id="entry-' not in html


def test_a_draft_row_shows_the_entry_and_its_level_select(client, campaign, make_reviewed, commission):
    (project,) = make_reviewed(1, levels=["second"])
    decisions.open_list(campaign=campaign, actor=commission)
    entry = ListEntry.objects.get(project=project)
    decisions.set_level(entry=entry, level="third", actor=commission)
    client.force_login(commission)
    html = client.get(reverse("awards:decide", args=[campaign.year])).content.decode()
    row = html[html.index(f'<tr id="entry-{entry.pk}">'):]
    row = row[: row.index("</tr>")]
    action = f"/awards/manage/entries/{entry.pk}/level/"
    assert f'action="{action}" hx-post="{action}"' in row
    assert '<option value="third" selected>三等奖</option>' in row and "<td>二等奖</td>" in row
    assert "降低焊接返修率攻关1" in row and "已调整" in row
    assert '<span class="state reviewed">评审完成</span>' in row and "撤销奖项" not in row


def test_a_later_page_of_the_decision_list_shows_the_next_entries_in_rank_order(client, settings, campaign, make_reviewed, commission):
    settings.TJQA_MAX_PAGE_SIZE = 2  # pages of two entries
    make_reviewed(3, levels=["first", "second", ""])
    decisions.open_list(campaign=campaign, actor=commission)
    entries = list(ListEntry.objects.filter(award_list__campaign=campaign).order_by("rank", "pk").values_list("pk", flat=True))
    client.force_login(commission)
    url = reverse("awards:decide", args=[campaign.year])
    shown = [re.findall(r'<tr id="entry-(\d+)"', client.get(url, {"page": n}).content.decode()) for n in (1, 2)]
    assert shown == [[str(entries[0]), str(entries[1])], [str(entries[2])]]
    shown = re.findall(r'<tr id="entry-(\d+)"', client.get(url, {"page": 2, "level": "first"}).content.decode())
    assert shown == [str(ListEntry.objects.get(award_list__campaign=campaign, level="first").pk)]  # one page only: the first
