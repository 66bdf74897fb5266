"""第十七条: notice → objection → investigation → conclusion → announcement."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.awards.models import AwardList, Objection
from apps.awards.services import AwardRefused, decisions
from apps.awards.services.objections import decide_objection, record_investigation
from apps.projects.models import ProjectTransition
from apps.projects.states import State

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def objection_data(project, **overrides):
    data = {
        "project": project.pk,
        "kind": "person",
        "name": "王建华",
        "phone": "13812345678",
        "email": "wjh@example.com",
        "content": "该成果的节能数据与企业公开年报不一致，申报材料存在夸大。",
    }
    data.update(overrides)
    return data


def test_full_path_with_an_upheld_objection(client, campaign, make_reviewed, commission, agency, publish_list):
    kept, challenged, left_off = make_reviewed(3, levels=["first", "second", ""])
    award_list = publish_list(campaign, commission, days_ago=campaign.notice_days)  # notice already over
    for p in (kept, challenged, left_off):
        p.refresh_from_db()
    assert kept.state == challenged.state == State.PUBLICIZED
    assert challenged.award_level == "second"
    assert left_off.state == State.REVIEWED
    assert award_list.notice_ends_on == award_list.notice_starts_on + datetime.timedelta(days=campaign.notice_days - 1)

    # The public notice shows the list with level, organisation and recommender.
    page = client.get(f"/notice/{campaign.year}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert kept.title in html and "一等奖" in html and kept.recommender.name in html
    assert left_off.title not in html

    # An objection lodged during the notice: move the deadline to today (the last day counts).
    type(challenged).objects.filter(pk=challenged.pk).update(notice_ends_on=timezone.localdate())
    response = client.post(f"/notice/{campaign.year}/objection/", objection_data(challenged, attachment=SimpleUploadedFile("证据.pdf", PDF, content_type="application/pdf")))
    assert response.status_code == 302
    obj = Objection.objects.get()
    assert response.url.endswith(f"/notice/{campaign.year}/objection/{obj.receipt_code}/")
    receipt = client.get(response.url).content.decode()
    assert obj.receipt_code in receipt and "已受理" in receipt
    assert obj.attachment_type == "application/pdf"

    # Announcing is refused while the objection is open.
    type(challenged).objects.filter(pk=challenged.pk).update(notice_ends_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(AwardRefused, match="异议"):
        decisions.announce(campaign=campaign, actor=commission)

    # Staff investigate (the agency may), only the commission concludes.
    with pytest.raises(AwardRefused, match="登记调查核实"):
        decide_objection(objection=obj, actor=commission, upheld=True, reason="x")
    record_investigation(objection=obj, actor=agency, investigation="经核查，节能数据统计口径有误，夸大约30%。")
    with pytest.raises(AwardRefused, match="市市场监管委"):
        decide_objection(objection=obj, actor=agency, upheld=True, reason="数据不实")
    decide_objection(objection=obj, actor=commission, upheld=True, reason="节能数据不实")
    challenged.refresh_from_db()
    assert challenged.state == State.NOT_AWARDED
    assert challenged.award_level == ""
    log = ProjectTransition.objects.filter(project=challenged).latest("pk")
    assert log.transition == "not_award" and "异议成立" in log.comment and obj.receipt_code in log.comment
    assert challenged.title not in client.get(f"/notice/{campaign.year}/").content.decode()
    receipt = client.get(f"/notice/{campaign.year}/objection/{obj.receipt_code}/").content.decode()
    assert "异议成立" in receipt and "节能数据不实" in receipt and "将组织调查核实" not in receipt
    # The commission's list no longer counts it against the 二等奖 quota and says it left the list.
    from apps.awards.selectors import quota_rows

    assert [n for _, n, _ in quota_rows(AwardList.objects.get(campaign=campaign))] == [1, 0, 0]
    client.force_login(commission)
    assert "已撤出名单" in client.get(reverse("awards:decide", args=[campaign.year])).content.decode()
    client.logout()

    # Announcement: the kept one is awarded, the one left off not awarded.
    decisions.announce(campaign=campaign, actor=commission)
    for p in (kept, left_off):
        p.refresh_from_db()
    assert kept.state == State.AWARDED and kept.award_level == "first"
    assert left_off.state == State.NOT_AWARDED
    assert AwardList.objects.get(campaign=campaign).status == AwardList.Status.ANNOUNCED
    results = client.get(reverse("awards:results", args=[campaign.year])).content.decode()
    assert kept.title in results and kept.results_summary in results
    assert challenged.title not in results and left_off.title not in results
    assert kept.organization.get_district_display() in results


def test_dismissed_objection_keeps_the_project(campaign, make_reviewed, commission, publish_list, client):
    (project,) = make_reviewed(1)
    publish_list(campaign, commission)
    client.post(f"/notice/{campaign.year}/objection/", objection_data(project))
    obj = Objection.objects.get()
    record_investigation(objection=obj, actor=commission, investigation="经核实，数据有据可查。")
    decide_objection(objection=obj, actor=commission, upheld=False, reason="异议依据不足")
    project.refresh_from_db()
    assert project.state == State.PUBLICIZED
    assert Objection.objects.get().status == Objection.Status.DISMISSED


def test_announce_before_the_notice_ends_is_refused(campaign, make_reviewed, commission, publish_list):
    make_reviewed(1)
    award_list = publish_list(campaign, commission)
    with pytest.raises(AwardRefused) as exc:
        decisions.announce(campaign=campaign, actor=commission)
    assert f"公示期至{award_list.notice_ends_on:%Y-%m-%d}结束" in exc.value.message


def test_late_objection_refused_with_the_reason(client, campaign, make_reviewed, commission, publish_list):
    (project,) = make_reviewed(1)
    publish_list(campaign, commission, days_ago=30)
    project.refresh_from_db()
    response = client.post(f"/notice/{campaign.year}/objection/", objection_data(project))
    assert response.status_code == 200
    assert f"公示期已于{project.notice_ends_on:%Y-%m-%d}结束，逾期提出的异议不予受理（第十七条）" in response.content.decode()
    assert not Objection.objects.exists()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"name": "匿名"}, "异议须以真实姓名提出"),
        ({"name": ""}, "异议须以真实姓名提出"),  # an empty name too: the rule, not "这个字段是必填项"
        ({"phone": ""}, "请填写有效的联系电话"),
        ({"name": "张某"}, "异议须以真实姓名提出"),
        ({"kind": "unit", "unit_name": "", "responsible_person": ""}, "单位负责人"),
        ({"phone": "无"}, "联系电话"),
    ],
)
def test_anonymous_or_incomplete_objection_refused(client, campaign, make_reviewed, commission, publish_list, overrides, message):
    (project,) = make_reviewed(1)
    publish_list(campaign, commission)
    response = client.post(f"/notice/{campaign.year}/objection/", objection_data(project, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "第十七条" in html
    assert "该成果的节能数据" in html  # the input is kept
    assert not Objection.objects.exists()


def test_attachment_checked_by_content(client, campaign, make_reviewed, commission, publish_list):
    (project,) = make_reviewed(1)
    publish_list(campaign, commission)
    fake = SimpleUploadedFile("证据.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    response = client.post(f"/notice/{campaign.year}/objection/", objection_data(project, attachment=fake))
    assert "按文件内容识别" in response.content.decode()
    assert not Objection.objects.exists()


def test_objections_are_rate_limited_per_ip(client, settings, campaign, make_reviewed, commission, publish_list):
    settings.TJQA_OBJECTION_RATE = "2/h"
    (project,) = make_reviewed(1)
    publish_list(campaign, commission)
    for _ in range(2):
        assert client.post(f"/notice/{campaign.year}/objection/", objection_data(project)).status_code == 302
    response = client.post(f"/notice/{campaign.year}/objection/", objection_data(project))
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert Objection.objects.count() == 2
    # Another address is not affected.
    assert client.post(f"/notice/{campaign.year}/objection/", objection_data(project), REMOTE_ADDR="10.0.0.9").status_code == 302


def test_objector_identity_hidden_from_the_organisation(client, campaign, make_reviewed, commission, applicant, publish_list):
    (project,) = make_reviewed(1)
    publish_list(campaign, commission)
    client.post(f"/notice/{campaign.year}/objection/", objection_data(project, name="王建华", phone="13812345678"))
    client.force_login(applicant)
    html = client.get(reverse("awards:mine")).content.decode()
    assert "该成果的节能数据" in html  # the organisation learns what is objected
    assert "王建华" not in html and "13812345678" not in html and "wjh@example.com" not in html
    assert client.get(reverse("awards:objection", args=[Objection.objects.get().pk])).status_code == 403


def test_results_page_before_the_announcement(client, campaign):
    response = client.get(reverse("awards:results", args=[campaign.year]))
    assert response.status_code == 200 and "尚未公布" in response.content.decode()
    assert client.get(reverse("awards:results", args=[campaign.year + 5])).status_code == 404


def test_refused_submissions_do_not_use_up_the_objection_quota(client, settings, campaign, make_reviewed, commission, publish_list):
    """A visitor correcting a refused form is not locked out; flooding still is."""
    settings.TJQA_OBJECTION_RATE = "2/h"
    settings.TJQA_OBJECTION_ATTEMPT_RATE = "6/h"
    (project,) = make_reviewed(1)
    publish_list(campaign, commission)
    for _ in range(3):
        assert client.post(f"/notice/{campaign.year}/objection/", objection_data(project, name="匿名")).status_code == 200
    assert client.post(f"/notice/{campaign.year}/objection/", objection_data(project)).status_code == 302
    assert client.post(f"/notice/{campaign.year}/objection/", objection_data(project)).status_code == 302
    assert client.post(f"/notice/{campaign.year}/objection/", objection_data(project)).status_code == 429  # 6 attempts
    assert Objection.objects.count() == 2


@pytest.mark.parametrize(
    "today, waits",
    [
        (datetime.date(2026, 6, 6), True),  # the day before the notice ends
        (datetime.date(2026, 6, 7), True),  # the notice's last day
        (datetime.date(2026, 6, 8), False),  # the day after: the list may be announced
    ],
)
def test_announce_button_waits_for_the_end_of_the_notice_and_says_from_when(client, campaign, make_reviewed, commission, today, waits):
    import time_machine
    from zoneinfo import ZoneInfo


    campaign.notice_days = 7
    campaign.save(update_fields=["notice_days"])
    make_reviewed(1)
    decisions.open_list(campaign=campaign, actor=commission)
    decisions.publish_list(campaign=campaign, actor=commission, starts_on=datetime.date(2026, 6, 1))
    assert AwardList.objects.get(campaign=campaign).announceable_from == datetime.date(2026, 6, 8)
    client.force_login(commission)
    with time_machine.travel(datetime.datetime(today.year, today.month, today.day, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        body = client.get(reverse("awards:decide", args=[campaign.year])).content.decode()
        if waits:
            assert 'id="announce" disabled' in body and "2026年6月8日起可公布（第十七条）" in body
            with pytest.raises(AwardRefused):
                decisions.announce(campaign=campaign, actor=commission)
        else:
            assert 'id="announce" disabled' not in body and "起可公布" not in body
            decisions.announce(campaign=campaign, actor=commission)
            assert AwardList.objects.get(campaign=campaign).status == AwardList.Status.ANNOUNCED
