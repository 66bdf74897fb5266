"""The stamped scan (盖章扫描件) of the printed 申报书 / 成果材料: a PDF or JPEG/PNG by content,
uploaded by the applicant organisation until the unit decides, kept with the earlier ones, and
seen by the unit on its review screen and the project page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.exceptions import Refusal
from apps.projects import stamped
from apps.projects.models import Attachment

from .helpers import EXE_BYTES, jpeg_bytes, ooxml_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def up(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def upload(client, project, stage, name, content):
    url = reverse("projects:stamped_upload", args=[project.pk, stage])
    return client.post(url, {f"stamped-{stage}-file": up(name, content)}, follow=True)


def scans(project, kind="stamped_application"):
    return list(Attachment.objects.filter(project=project, kind=kind).order_by("pk"))


def test_good_scan_is_stored_and_the_unit_sees_it(client, make_project, applicant, recommender):
    project = make_project("submitted")
    client.force_login(applicant)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'id="id_stamped-application-file"' in page and "盖章扫描件（PDF或JPG/PNG图片）" in page
    response = upload(client, project, "application", "盖章申报书.pdf", pdf_bytes())
    assert "已上传盖章申报书扫描件。" in response.content.decode()
    (scan,) = scans(project)
    assert (scan.original_name, scan.content_type, scan.uploaded_by) == ("盖章申报书.pdf", "application/pdf", applicant)

    client.force_login(recommender)
    link = reverse("projects:attachment", args=[project.pk, scan.pk])
    review = client.get(reverse("recommenders:review", args=[project.pk])).content.decode()
    assert link in review and "盖章申报书扫描件" in review
    detail = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert link in detail
    assert "stamped-application-file" not in detail  # the unit reads, it does not upload
    download = client.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf_bytes()


@pytest.mark.parametrize(
    "name,content",
    [("盖章申报书.pdf", EXE_BYTES), ("盖章申报书.pdf", ooxml_bytes("word/document.xml")), ("扫描.png", "不是图片".encode())],
)
def test_a_file_that_is_no_scan_is_refused_in_chinese(client, make_project, applicant, name, content):
    project = make_project("submitted")
    client.force_login(applicant)
    body = upload(client, project, "application", name, content).content.decode()
    assert f"文件“{name}”的内容不是PDF或JPG/PNG图片" in body
    assert "盖章扫描件仅接受：PDF或JPG/PNG图片" in body
    assert scans(project) == []


def test_too_large_is_refused(client, settings, make_project, applicant):
    project = make_project("submitted")
    settings.TJQA_MAX_UPLOAD_BYTES = 100
    client.force_login(applicant)
    body = upload(client, project, "application", "大扫描.pdf", pdf_bytes() + b"0" * 200).content.decode()
    assert "文件“大扫描.pdf”大小为503\xa0字节，超过100\xa0字节的上限，请压缩或拆分后上传。" in body
    assert scans(project) == []


def test_no_file_chosen_says_so(client, make_project, applicant):
    project = make_project("submitted")
    client.force_login(applicant)
    response = client.post(reverse("projects:stamped_upload", args=[project.pk, "application"]), {}, follow=True)
    assert "请选择盖章扫描件文件。" in response.content.decode()


def test_a_new_scan_keeps_the_earlier_one(client, make_project, applicant):
    project = make_project("returned")
    client.force_login(applicant)
    upload(client, project, "application", "第一次.pdf", pdf_bytes())
    upload(client, project, "application", "第二次.jpg", jpeg_bytes())
    first, second = scans(project)
    assert (first.original_name, second.original_name, second.content_type) == ("第一次.pdf", "第二次.jpg", "image/jpeg")
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    current = page.index('id="stamped-application"')
    assert page.index("第二次.jpg", current) < page.index("以前上传的扫描件（1份）", current) < page.index("第一次.pdf", current)


def test_after_the_unit_decided_the_application_scan_is_closed(make_project, applicant):
    project = make_project("recommended")
    assert not stamped.may_upload(project, applicant, "application")
    with pytest.raises(Refusal, match="项目当前状态为“已推荐，待立项审核”，不能再上传盖章申报书"):
        stamped.upload_stamped_scan(project=project, stage="application", upload=up("a.pdf", pdf_bytes()), actor=applicant)
    assert scans(project) == []


def test_results_scan_while_the_results_are_written_or_await_the_unit(client, make_project, applicant, recommender):
    project = make_project("in_progress")
    assert stamped.may_upload(project, applicant, "results")
    assert not stamped.may_upload(project, applicant, "application")
    client.force_login(applicant)
    body = upload(client, project, "results", "盖章成果材料.png", jpeg_bytes()).content.decode()
    assert "已上传盖章成果材料扫描件。" in body
    (scan,) = scans(project, "stamped_results")
    assert scan.content_type == "image/jpeg"  # named .png, a JPEG by content
    body = upload(client, project, "application", "晚了.pdf", pdf_bytes()).content.decode()
    assert "不能再上传盖章申报书" in body and scans(project) == []


@pytest.mark.parametrize("who", ["recommender", "commission", "other_applicant"])
def test_only_the_organisation_uploads(client, request, make_project, who):
    project = make_project("submitted")
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("projects:stamped_upload", args=[project.pk, "application"]), {"stamped-application-file": up("a.pdf", pdf_bytes())})
    assert response.status_code == 404
    assert scans(project) == []


def test_unknown_stage_is_404(client, make_project, applicant):
    project = make_project("submitted")
    client.force_login(applicant)
    response = client.post(reverse("projects:stamped_upload", args=[project.pk, "other"]), {"stamped-other-file": up("a.pdf", pdf_bytes())})
    assert response.status_code == 404


def test_the_upload_field_is_labelled_and_described(client, make_project, applicant):
    project = make_project("submitted")
    client.force_login(applicant)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert '<label for="id_stamped-application-file">盖章扫描件（PDF或JPG/PNG图片）' in page
    assert 'aria-describedby="id_stamped-application-file_helptext"' in page
    assert '<div class="helptext" id="id_stamped-application-file_helptext">' in page
