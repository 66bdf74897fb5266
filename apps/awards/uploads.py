"""Uploaded evidence is checked by its content, not by its name or the browser's claim."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

# PDF, images and Office documents (the OLE ones and the OOXML ones).
ALLOWED_MIME = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG图片",
    "image/png": "PNG图片",
    "application/msword": "Word文档",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word文档",
    "application/vnd.ms-excel": "Excel表格",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel表格",
    "application/vnd.ms-powerpoint": "PowerPoint文档",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint文档",
    "application/x-ole-storage": "Office文档",
}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def max_bytes():
    return min(EVIDENCE_MAX_BYTES, getattr(settings, "TJQA_MAX_UPLOAD_BYTES", EVIDENCE_MAX_BYTES))


def check_evidence(upload) -> str:
    """Return the detected MIME type of ``upload`` or raise ValidationError (in Chinese)."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(f"附件不能超过{limit // (1024 * 1024)}MB。", code="too_large")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else ""
    if mime not in ALLOWED_MIME:
        raise ValidationError("附件仅限PDF、JPEG/PNG图片或Word、Excel、PowerPoint文档（按文件内容识别）。", code="type")
    return mime
