"""Certificates: Chinese text in the PDF, a QR code that decodes to the verification URL,
idempotent regeneration, revoked certificates verify as revoked."""

import datetime
import subprocess
import zoneinfo

import pytest
import time_machine
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from apps.awards.models import Certificate, CertificateReissue, CertificateRun, CertificateRunItem
from apps.awards.services import AwardRefused
from apps.awards.services.certificates import start_run
from apps.awards.services.revocation import revoke_award
from apps.awards.tasks import render_certificate
from apps.core.append_only import AppendOnlyError
from apps.organizations.models import Organization
from tests.awards.conftest import committing

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_certificate_pdf_has_the_chinese_text_and_a_verifying_qr(tmp_path, settings, campaign, announce_awards, agency):
    settings.SITE_URL = "https://tjqa.example.cn"
    (project,) = announce_awards(1, levels=["second"])
    with committing():
        run = start_run(campaign=campaign, actor=agency)  # eager Celery: rendered on commit
    assert run.counts() | {} == {"done": 1, "failed": 0, "total": 1, "pending": 0, "percent": 100, "finished": True}
    cert = Certificate.objects.get(project=project)
    assert cert.serial == f"TJQA{campaign.year}-20001"
    text = PdfReader(cert.pdf.path).pages[0].extract_text()
    compact = "".join(text.split())
    for expected in ("荣誉证书", project.organization.name, project.title, "二等奖", f"{campaign.year}年度", cert.serial, cert.code):
        assert expected in compact, expected
    # The QR code, read from the rendered page, is the verification address.
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", cert.pdf.path, str(tmp_path / "page")], check=True)
    results = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert [r.text for r in results] == [f"https://tjqa.example.cn/verify/{cert.code}/"]


def test_regeneration_keeps_serial_and_creates_no_duplicate(campaign, announce_awards, agency):
    projects = announce_awards(3, levels=["first", "third", "first"])
    with committing():
        start_run(campaign=campaign, actor=agency)
    before = {c.pk: (c.serial, c.code, c.pdf.name) for c in Certificate.objects.all()}
    assert len(before) == 3
    assert sorted(s for s, _, _ in before.values()) == [f"TJQA{campaign.year}-10001", f"TJQA{campaign.year}-10002", f"TJQA{campaign.year}-30003"]
    with committing():
        run = start_run(campaign=campaign, actor=agency, regenerate=True)
    assert run.total == 3 and run.counts()["done"] == 3
    after = {c.pk: (c.serial, c.code, c.pdf.name) for c in Certificate.objects.all()}
    assert after == before
    # A task delivered twice (acks_late redelivery) does nothing the second time.
    item = CertificateRunItem.objects.filter(run=run).first()
    assert render_certificate.apply(args=[item.pk]).get() == "skipped"
    # Without regenerate, nothing left to render.
    with committing():
        assert start_run(campaign=campaign, actor=agency).total == 0
    assert Certificate.objects.count() == len(projects)


def test_failed_render_is_counted_and_retried_without_duplicates(monkeypatch, campaign, announce_awards, agency):
    announce_awards(2)
    calls = {"n": 0}
    from apps.awards import certificates as render_module

    real = render_module.render_pdf

    def flaky(cert):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("字体加载失败")
        return real(cert)

    monkeypatch.setattr("apps.awards.services.certificates.render_pdf", flaky)
    with committing():
        run = start_run(campaign=campaign, actor=agency)
    counts = run.counts()
    assert counts["done"] == 1 and counts["failed"] == 1
    failed = CertificateRunItem.objects.get(run=run, status="failed")
    assert "字体加载失败" in failed.error and failed.attempts == 1
    # Starting again renders only what is missing; same serials, no new certificates.
    with committing():
        again = start_run(campaign=campaign, actor=agency)
    assert again.total == 1 and again.counts()["done"] == 1
    assert Certificate.objects.count() == 2
    assert Certificate.objects.filter(rendered_at__isnull=True).count() == 0


def test_revoked_certificate_verifies_as_revoked_and_leaves_the_public_list(client, campaign, announce_awards, agency, commission):
    (project,) = announce_awards(1)
    with committing():
        start_run(campaign=campaign, actor=agency)
    cert = Certificate.objects.get()
    page = client.get(f"/verify/{cert.code}/")
    assert page.status_code == 200 and "证书真实有效" in page.content.decode()
    assert project.title in client.get(reverse("awards:results", args=[campaign.year])).content.decode()

    # Committed, as every request's work is: the public list is kept until a change commits.
    with committing():
        revoke_award(project=project, actor=commission, reason="申报材料弄虚作假", evidence=SimpleUploadedFile("调查报告.pdf", PDF))
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/verify/{cert.code}/").content.decode()
    assert "已被撤销" in html and "第二十一条" in html and "证书真实有效" not in html
    revoked_on = timezone.localtime(project.revocation.created_at)
    assert f"该奖项已于{revoked_on.year}年{revoked_on.month}月{revoked_on.day}日撤销" in html
    # The certificate, its year, the project's state and the revocation: one query.
    assert len(queries) == 1, [query["sql"] for query in queries.captured_queries]
    assert project.title not in client.get(reverse("awards:results", args=[campaign.year])).content.decode()
    # A certificate run does not render revoked certificates again.
    with committing():
        assert start_run(campaign=campaign, actor=agency, regenerate=True).total == 0


def test_unknown_code_is_not_genuine(client):
    response = client.get("/verify/NOTACODE0000/")
    assert response.status_code == 404
    assert "未找到" in response.content.decode()


def test_certificate_run_needs_an_announced_list(campaign, make_reviewed, agency):
    make_reviewed(1)
    with pytest.raises(AwardRefused, match="公布后方可生成证书"):
        with committing():
            start_run(campaign=campaign, actor=agency)


def test_best_organization_certificate_for_the_unit(client, campaign, announce_awards, agency, recommender, recommender_unit, other_recommender):
    announce_awards(1, best_units=[recommender_unit])
    with committing():
        start_run(campaign=campaign, actor=agency)
    cert = Certificate.objects.get(kind="best_organization")
    assert cert.holder == recommender_unit.name and cert.level_label == "最佳组织奖"
    client.force_login(recommender)
    assert cert.serial in client.get(reverse("awards:mine")).content.decode()
    response = client.get(reverse("awards:download", args=[cert.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(other_recommender)
    assert client.get(reverse("awards:download", args=[cert.pk])).status_code == 404


def test_progress_endpoint_reports_the_run(client, campaign, announce_awards, agency):
    announce_awards(2)
    client.force_login(agency)
    with committing():
        response = client.post(reverse("awards:certificates", args=[campaign.year]))
    run = CertificateRun.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"?run={run.pk}")
    page = client.get(response.url).content.decode()
    assert 'id="run-progress"' in page and "已生成<strong class=\"done\">2</strong>份" in page
    partial = client.get(reverse("awards:run_progress", args=[run.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "已完成" in partial and "hx-trigger" not in partial


def test_the_organisations_certificates_newest_year_first(client, campaign, announce_awards, applicant):
    from tests.factories import CampaignFactory

    older, newer = announce_awards(2)
    earlier = CampaignFactory(year=campaign.year - 1)
    Certificate.objects.create(campaign=earlier, kind="project", project=older, serial=f"TJQA{earlier.year}-10001", holder="甲", level_label="一等奖")
    Certificate.objects.create(campaign=campaign, kind="project", project=newer, serial=f"TJQA{campaign.year}-10001", holder="甲", level_label="一等奖")
    client.force_login(applicant)
    html = client.get(reverse("awards:mine")).content.decode()
    assert html.index(f"TJQA{campaign.year}-10001") < html.index(f"TJQA{earlier.year}-10001")


def test_the_unit_sees_the_certificates_of_the_projects_it_recommended(client, campaign, announce_awards, agency, commission, recommender, other_recommender):
    kept, revoked = announce_awards(2, levels=["first", "second"])
    with committing():
        start_run(campaign=campaign, actor=agency)
    revoke_award(project=revoked, actor=commission, reason="申报材料弄虚作假", evidence=SimpleUploadedFile("调查报告.pdf", PDF))
    good, bad = Certificate.objects.get(project=kept), Certificate.objects.get(project=revoked)
    client.force_login(recommender)
    html = client.get(reverse("awards:mine")).content.decode()
    section = html[html.index('id="recommended-certificates"'):]
    for text in (good.serial, bad.serial, kept.organization.name, "一等奖", "二等奖", "已撤销"):
        assert text in section
    assert reverse("awards:download", args=[good.pk]) in section
    assert reverse("awards:download", args=[bad.pk]) not in html  # revoked: no download (第二十一条)
    assert client.get(reverse("awards:download", args=[good.pk])).status_code == 200
    assert client.get(reverse("awards:download", args=[bad.pk])).status_code == 404
    # Another unit neither sees nor downloads them.
    client.force_login(other_recommender)
    html = client.get(reverse("awards:mine")).content.decode()
    assert good.serial not in html and 'id="recommended-certificates"' not in html
    assert client.get(reverse("awards:download", args=[good.pk])).status_code == 404


def test_the_sweeper_renders_items_left_pending_by_a_lost_worker(redis_down, settings, campaign, announce_awards, agency, applicant):
    """The broker lost the run's messages (here: unreachable at start); once the items have
    waited TJQA_CERTIFICATE_STUCK_SECONDS the beat's sweeper queues them again and each
    certificate is issued once, its organisation told once."""
    import datetime

    from django.utils import timezone

    from apps.awards.tasks import sweep_certificate_runs
    from apps.notifications.models import Notification
    from tjqa.celery import app

    settings.TJQA_CERTIFICATE_STUCK_SECONDS = 120
    announce_awards(3, levels=["first", "second", "third"])
    with committing():
        run = start_run(campaign=campaign, actor=agency)  # the broker is down: nothing rendered
    assert run.counts()["pending"] == 3
    items = CertificateRunItem.objects.filter(run=run)
    # Not yet stuck: nothing is queued again.
    with committing():
        assert sweep_certificate_runs() == 0
    items.filter(pk=items.first().pk).update(touched_at=timezone.now() - datetime.timedelta(seconds=121))
    # The broker is back (eager here): the next sweep renders the stuck item, then the rest.
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with committing():
        assert sweep_certificate_runs() == 1
    assert run.counts()["done"] == 1
    items.update(touched_at=timezone.now() - datetime.timedelta(seconds=121))
    with committing():
        assert sweep_certificate_runs() == 2
    assert run.counts()["done"] == 3 and run.counts()["failed"] == 0
    with committing():
        assert sweep_certificate_runs() == 0
    assert Certificate.objects.filter(campaign=campaign).count() == 3
    assert Notification.objects.filter(recipient=applicant, category="award", title__startswith="获奖证书已生成").count() == 3


def test_a_second_delivery_of_an_item_renders_nothing(campaign, announce_awards, agency):
    announce_awards(1)
    with committing():
        run = start_run(campaign=campaign, actor=agency)
    item = CertificateRunItem.objects.get(run=run)
    cert = Certificate.objects.get(pk=item.certificate_id)
    rendered_at = cert.rendered_at
    assert item.status == "done" and item.attempts == 1
    assert render_certificate.apply(args=[item.pk]).get() == "skipped"
    cert.refresh_from_db()
    item.refresh_from_db()
    assert cert.rendered_at == rendered_at and item.attempts == 1


# ---- The issue date: kept by a regeneration, new only for a re-issue whose content changed ----

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
FIRST_DAY = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)
LATER_DAY = datetime.datetime(2027, 11, 27, 9, 30, tzinfo=SHANGHAI)


def _page_text(cert):
    return "".join(PdfReader(cert.pdf.path).pages[0].extract_text().split())


def test_regeneration_with_unchanged_content_keeps_the_first_issue_date(campaign, announce_awards, agency):
    (project,) = announce_awards(1, levels=["second"])
    with time_machine.travel(FIRST_DAY, tick=False), committing():
        start_run(campaign=campaign, actor=agency)
    cert = Certificate.objects.get(project=project)
    assert cert.issued_on == datetime.date(2026, 12, 1)
    assert "2026年12月1日" in _page_text(cert)

    with time_machine.travel(LATER_DAY, tick=False), committing():
        run = start_run(campaign=campaign, actor=agency, regenerate=True)
    assert run.counts()["done"] == 1
    cert.refresh_from_db()
    assert cert.issued_on == datetime.date(2026, 12, 1)
    assert cert.rendered_at == LATER_DAY
    text = _page_text(cert)
    assert "2026年12月1日" in text and "2027年11月27日" not in text
    assert CertificateReissue.objects.count() == 0


def test_a_reissue_with_changed_content_gets_the_new_date_and_is_logged(campaign, announce_awards, agency):
    (project,) = announce_awards(1, levels=["first"])
    old_name = project.organization.name
    with time_machine.travel(FIRST_DAY, tick=False), committing():
        start_run(campaign=campaign, actor=agency)
    Organization.objects.filter(pk=project.organization_id).update(name="天津市更名后精密制造有限公司")

    with time_machine.travel(LATER_DAY, tick=False), committing():
        run = start_run(campaign=campaign, actor=agency, regenerate=True)
    cert = Certificate.objects.get(project=project)
    assert cert.holder == "天津市更名后精密制造有限公司"
    assert cert.issued_on == datetime.date(2027, 11, 27)
    text = _page_text(cert)
    assert "天津市更名后精密制造有限公司" in text and "2027年11月27日" in text
    (reissue,) = CertificateReissue.objects.all()
    assert reissue.certificate == cert and reissue.run == run and reissue.actor == agency
    assert reissue.previous_issued_on == datetime.date(2026, 12, 1)
    assert reissue.issued_on == datetime.date(2027, 11, 27)
    assert reissue.changes == {"holder": [old_name, "天津市更名后精密制造有限公司"]}
    # The log is append-only.
    with pytest.raises(AppendOnlyError):
        reissue.delete()

    # Rendered again with that content: the re-issue date stays, nothing more is logged.
    with time_machine.travel(LATER_DAY + datetime.timedelta(days=3), tick=False), committing():
        start_run(campaign=campaign, actor=agency, regenerate=True)
    cert.refresh_from_db()
    assert cert.issued_on == datetime.date(2027, 11, 27)
    assert CertificateReissue.objects.count() == 1


def test_the_staff_certificates_page_marks_revoked_awards(client, campaign, announce_awards, agency, commission, recommender_unit, django_assert_num_queries):
    kept, revoked = announce_awards(2, levels=["first", "second"], best_units=[recommender_unit])
    with committing():
        start_run(campaign=campaign, actor=agency)
    revoke_award(project=revoked, actor=commission, reason="申报材料弄虚作假", evidence=SimpleUploadedFile("调查报告.pdf", PDF))
    client.force_login(commission)
    url = reverse("awards:certificates", args=[campaign.year])
    client.get(url)
    with django_assert_num_queries(10):
        html = client.get(url).content.decode()
    rows = {cert.serial: html[html.index(cert.serial) :].split("</tr>")[0] for cert in Certificate.objects.all()}
    by_kind = {(cert.kind, cert.project_id): cert.serial for cert in Certificate.objects.all()}
    assert "已撤销" in rows[by_kind[("project", revoked.pk)]]
    assert "已撤销" not in rows[by_kind[("project", kept.pk)]]
    best = rows[by_kind[("best_organization", None)]]
    assert "最佳组织奖" in best and recommender_unit.name in best and "已撤销" not in best
