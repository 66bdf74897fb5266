"""Certificate PDFs: WeasyPrint renders an HTML template (CJK font, QR code to /verify/<code>/)."""

import base64
import functools

import segno
from django.template.loader import render_to_string
from django.utils import timezone

# The first installed one is used; WenQuanYi Micro Hei is on the servers (fonts-wqy-microhei).
FONT_STACK = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif'


def qr_data_uri(url) -> str:
    qr = segno.make(url, error="m", micro=False)
    return "data:image/svg+xml;base64," + base64.b64encode(qr.svg_inline(scale=4, border=2).encode()).decode()


@functools.lru_cache(maxsize=1)
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def certificate_html(cert) -> str:
    return render_to_string(
        "awards/certificate.html",
        {
            "cert": cert,
            "year": cert.campaign.year,
            "qr": qr_data_uri(cert.verify_url),
            "font_stack": FONT_STACK,
            # The first issue date, kept by a regeneration (apps.awards.services.certificates.write_pdf).
            "issued_on": cert.issued_on or timezone.localdate(),
        },
    )


def render_pdf(cert) -> bytes:
    from weasyprint import HTML

    return HTML(string=certificate_html(cert)).write_pdf(font_config=_font_config())
