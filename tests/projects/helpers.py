"""Helpers for the project view tests: the POST data of the guided application form."""

import io
import zipfile

from apps.projects.demo import MINIMAL_PDF, application_text


def application_post(*, title="降低焊接返修率", recommender=None, metrics=None, team=None, **overrides):
    data = {
        "title": title,
        "category": "process",
        "project_type": "problem_solving",
        "benefit_areas": ["quality_efficiency"],
        "recommender": recommender.pk if recommender else "",
        **application_text(title, "焊接返修"),
    }
    metrics = metrics if metrics is not None else [
        {"name": "返修率", "unit": "%", "direction": "lower", "baseline": "4.6", "target": "1.5"}
    ]
    team = team if team is not None else [
        {"name": "张三", "role": "quality_lead", "position": "质量部长"},
        {"name": "李四", "role": "project_lead", "position": "车间主任"},
    ]
    data.update(formset("metrics", metrics))
    data.update(formset("team", team))
    data.update(overrides)
    return data


def formset(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial), f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def existing_rows(prefix, objects, fields):
    rows = [{"id": o.pk, **{f: getattr(o, f) for f in fields}} for o in objects]
    return formset(prefix, rows, initial=len(rows))


def pdf_bytes():
    return MINIMAL_PDF


def ooxml_bytes(part="word/document.xml"):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("_rels/.rels", "<Relationships/>")
        zf.writestr(part, "<document/>")
    return buf.getvalue()


def plain_zip_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    return buf.getvalue()


def png_bytes():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (30, 30, 200)).save(buf, "JPEG")
    return buf.getvalue()


def ole_bytes(stream="WordDocument"):
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + stream.encode("utf-16-le") + b"\x00" * 64


EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200
