"""The stamped scan (盖章扫描件) of the printed 申报书 and 成果材料 (:mod:`apps.projects.documents`).

The applicant organisation prints the document, its responsible person signs it, the
organisation stamps it, and a user of the organisation uploads the scan: a PDF or a JPEG/PNG
image, recognised by its content, within ``settings.TJQA_MAX_UPLOAD_BYTES``.

When: the 申报书 scan while the application is a draft, returned or awaiting the unit (第九条,
第十条); the 成果材料 scan while the project is in progress or its results await the unit
(第十四条, 第十五条). Once the unit has decided, what it verified stays as it was.

Replacing: an upload never deletes an earlier scan. The newest is the current one; the earlier
ones stay listed with their upload time, so the unit sees what it was shown before.
"""

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.core.exceptions import Refusal

from . import uploads
from .choices import AttachmentKind
from .editing import add_attachments
from .models import Project
from .policy import applicant_of_project

APPLICATION = "application"
RESULTS = "results"
KIND = {APPLICATION: AttachmentKind.STAMPED_APPLICATION, RESULTS: AttachmentKind.STAMPED_RESULTS}
LABELS = {APPLICATION: "盖章申报书", RESULTS: "盖章成果材料"}
PERMISSION = {APPLICATION: "projects.upload_stamped_application", RESULTS: "projects.upload_stamped_results"}
SCAN_KINDS = (uploads.PDF, uploads.JPEG, uploads.PNG)
SCAN_DESCRIPTION = "PDF或JPG/PNG图片"
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png"

NOT_NOW = {
    APPLICATION: "项目当前状态为“{state}”，不能再上传盖章申报书（草稿、退回修改或待推荐单位审核时可上传）。",
    RESULTS: "项目当前状态为“{state}”，不能再上传盖章成果材料（实施中或成果待推荐单位评估时可上传）。",
}


def may_upload(project, user, stage) -> bool:
    return rules.has_perm(PERMISSION[stage], user, project)


def validate_scan(upload):
    """A scan is a PDF or an image, by content; anything else (an Office file too) is refused."""
    name = upload.name or "文件"
    try:
        kind = uploads.validate_upload(upload)
    except ValidationError as exc:
        if exc.code != "type":
            raise  # empty or too large: the attachments' own message
        kind = None
    if kind not in SCAN_KINDS:
        raise ValidationError(
            "文件“%(name)s”的内容不是%(allowed)s（按文件内容识别，与扩展名无关）。盖章扫描件仅接受：%(allowed)s，请扫描盖章后的纸质文件上传。",
            params={"name": name, "allowed": SCAN_DESCRIPTION},
            code="type",
        )
    return kind


@transaction.atomic
def upload_stamped_scan(*, project, stage, upload, actor):
    """Store the stamped scan of the 申报书 (``stage="application"``) or of the 成果材料
    (``"results"``) as the current one; earlier scans are kept."""
    if not applicant_of_project(actor, project):
        raise PermissionDenied("只有申报组织的用户可以上传盖章扫描件。")
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not may_upload(locked, actor, stage):
        raise Refusal(NOT_NOW[stage].format(state=locked.get_state_display()), code="state")
    validate_scan(upload)
    (attachment,) = add_attachments(project=locked, kind=KIND[stage], files=[upload], actor=actor)
    return attachment


def scans(attachments, stage):
    """Of a project's attachments (prefetched), the scans of ``stage``: (current, earlier ones)."""
    found = sorted((attachment for attachment in attachments if attachment.kind == KIND[stage]), key=lambda attachment: attachment.pk, reverse=True)
    return (found[0] if found else None), found[1:]


def overview(attachments):
    """Both kinds of scans of a project, from its prefetched attachments, for the screens."""
    groups = []
    for stage in (APPLICATION, RESULTS):
        current, earlier = scans(attachments, stage)
        groups.append({"stage": stage, "label": LABELS[stage], "current": current, "earlier": earlier})
    return groups
