"""Attachments are accepted by content, not by name; a refused file gets a clear message."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.projects import uploads
from apps.projects.models import Attachment

from .helpers import EXE_BYTES, application_post, jpeg_bytes, ole_bytes, ooxml_bytes, pdf_bytes, plain_zip_bytes, png_bytes


def up(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    "name,content,kind",
    [
        ("申报书.pdf", pdf_bytes(), uploads.PDF),
        ("申报书.docx", ooxml_bytes("word/document.xml"), uploads.DOCX),
        ("数据.xlsx", ooxml_bytes("xl/workbook.xml"), uploads.XLSX),
        ("汇报.pptx", ooxml_bytes("ppt/presentation.xml"), uploads.PPTX),
        ("旧版.doc", ole_bytes("WordDocument"), uploads.DOC),
        ("旧版.xls", ole_bytes("Workbook"), uploads.XLS),
        ("旧版.ppt", ole_bytes("PowerPoint Document"), uploads.PPT),
        ("现场.png", png_bytes(), uploads.PNG),
        ("现场.jpg", jpeg_bytes(), uploads.JPEG),
        # The name does not matter: a PDF called .png is still a PDF.
        ("照片.png", pdf_bytes(), uploads.PDF),
    ],
)
def test_accepted_by_content(name, content, kind):
    assert uploads.validate_upload(up(name, content)) == kind


@pytest.mark.parametrize(
    "name,content",
    [
        ("申报书.pdf", EXE_BYTES),  # a renamed .exe
        ("申报书.docx", plain_zip_bytes()),  # a zip that is no Office document
        ("旧版.doc", ole_bytes("SummaryInformationOnly")),  # an OLE file of no Office kind (e.g. .msi)
        ("说明.txt", "纯文本文件".encode()),
        ("图.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ],
)
def test_refused_by_content_with_message(name, content):
    with pytest.raises(ValidationError) as exc:
        uploads.validate_upload(up(name, content))
    message = exc.value.messages[0]
    assert name in message and "仅接受" in message and "按文件内容识别" in message


def test_oversize_refused(settings):
    settings.TJQA_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        uploads.validate_upload(up("大文件.pdf", pdf_bytes()))
    assert "超过" in exc.value.messages[0] and "大文件.pdf" in exc.value.messages[0]


def test_empty_refused():
    with pytest.raises(ValidationError, match="空文件"):
        uploads.validate_upload(up("空.pdf", b""))


def test_stored_name_takes_the_detected_extension():
    assert uploads.stored_name("申报书.exe", uploads.PDF) == "申报书.pdf"
    assert uploads.stored_name("../../etc/passwd", uploads.PNG).endswith(".png")


def test_form_refuses_renamed_exe_and_keeps_the_rest(client, draft, applicant):
    client.force_login(applicant)
    data = application_post(title="已修改的项目名称", recommender=draft.recommender)
    data.update({"metrics-TOTAL_FORMS": "0", "team-TOTAL_FORMS": "0"})
    data["files"] = [up("申报书.pdf", EXE_BYTES), up("附表.xlsx", ooxml_bytes("xl/workbook.xml"))]
    response = client.post(reverse("projects:edit", args=[draft.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "文件“申报书.pdf”的内容不是可接受的格式" in body
    assert 'value="已修改的项目名称"' in body  # what was typed is kept
    draft.refresh_from_db()
    assert draft.title == "降低焊接返修率"  # nothing saved
    assert draft.attachments.count() == 1


def test_form_accepts_real_files_and_download_is_permission_checked(client, draft, applicant, other_applicant):
    client.force_login(applicant)
    data = application_post(title=draft.title, recommender=draft.recommender)
    data.update({"metrics-TOTAL_FORMS": "0", "team-TOTAL_FORMS": "0"})
    data["files"] = [up("申报书.docx", ooxml_bytes()), up("现场照片.png", png_bytes()), up("扫描件.pdf", pdf_bytes())]
    response = client.post(reverse("projects:edit", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    names = set(draft.attachments.values_list("original_name", flat=True))
    assert {"申报书.docx", "现场照片.png", "扫描件.pdf"} <= names
    png = Attachment.objects.get(project=draft, original_name="现场照片.png")
    assert png.content_type == "image/png"
    url = reverse("projects:attachment", args=[draft.pk, png.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == png_bytes()
    assert "attachment" in response["Content-Disposition"]
    client.force_login(other_applicant)
    assert client.get(url).status_code == 404
    # Not under another project's id either.
    assert not str(png.file.url).startswith("/projects/")
