"""Attachments of the application (第九条) and of the results material (第十四条).

A file is accepted by what it *is*, never by its name: PDF, Office documents (the OOXML zip
formats and the legacy OLE compound files) and JPEG/PNG images, up to
``settings.TJQA_MAX_UPLOAD_BYTES``. A refused file gets a message that names it and says why.
"""

import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str
    label: str


PDF = Kind("pdf", "application/pdf", "PDF")
DOCX = Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel")
PPTX = Kind("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint")
DOC = Kind("doc", "application/msword", "Word 97-2003")
XLS = Kind("xls", "application/vnd.ms-excel", "Excel 97-2003")
PPT = Kind("ppt", "application/vnd.ms-powerpoint", "PowerPoint 97-2003")
JPEG = Kind("jpg", "image/jpeg", "JPEG图片")
PNG = Kind("png", "image/png", "PNG图片")

ALLOWED_DESCRIPTION = "PDF、Word（doc/docx）、Excel（xls/xlsx）、PowerPoint（ppt/pptx）、JPG/PNG图片"
ACCEPT_ATTRIBUTE = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.jpg,.jpeg,.png"

# OOXML: the part folder that says which application wrote the package.
_OOXML_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
# OLE compound files: the directory names their main stream in UTF-16LE.
_OLE_STREAMS = (("WordDocument", DOC), ("Workbook", XLS), ("Book", XLS), ("PowerPoint Document", PPT))


def max_bytes():
    return settings.TJQA_MAX_UPLOAD_BYTES


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _ooxml_kind(upload):
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in _OOXML_PARTS:
        if any(name.startswith(prefix) for name in names):
            return kind
    return None


def _ole_kind(data: bytes):
    for stream, kind in _OLE_STREAMS:
        if stream.encode("utf-16-le") in data:
            return kind
    return None


def detect(upload):
    """The :class:`Kind` of an uploaded file by its content, or None if it is none we accept."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(ZIP_MAGIC):
        return _ooxml_kind(upload)
    if head.startswith(OLE_MAGIC):
        return _ole_kind(_read_all(upload))
    guess = filetype.guess(head)
    if guess is not None:
        if guess.mime == "image/png":
            return PNG
        if guess.mime == "image/jpeg":
            return JPEG
    return None


def validate_upload(upload) -> Kind:
    """Check one uploaded file; return its :class:`Kind` or raise a ValidationError in Chinese."""
    name = getattr(upload, "name", "") or "文件"
    size = getattr(upload, "size", None)
    if size is None:
        size = len(_read_all(upload))
    if size == 0:
        raise ValidationError("文件“%(name)s”是空文件，请重新选择。", params={"name": name}, code="empty")
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            "文件“%(name)s”大小为%(size)s，超过%(limit)s的上限，请压缩或拆分后上传。",
            params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    kind = detect(upload)
    if kind is None:
        raise ValidationError(
            "文件“%(name)s”的内容不是可接受的格式（按文件内容识别，与扩展名无关）。仅接受：%(allowed)s。",
            params={"name": name, "allowed": ALLOWED_DESCRIPTION},
            code="type",
        )
    return kind


def stored_name(original_name: str, kind: Kind) -> str:
    """The name under which the file is stored: its own stem with the extension of what it is."""
    stem = original_name.rsplit(".", 1)[0] if "." in original_name else original_name
    stem = stem.replace("/", "_").replace("\\", "_")[:100] or "附件"
    return f"{stem}.{kind.extension}"
