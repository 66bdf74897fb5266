"""Certificate PDFs: WeasyPrint renders an HTML template (CJK font, QR code to /verify/<code>/)."""

import base64

import segno
from django.template.loader import render_to_string
from django.utils import timezone

from apps.core.pdf import FONT_STACK, html_to_pdf


def qr_data_uri(url) -> str:
    qr = segno.make(url, error="m", micro=False)
    return "data:image/svg+xml;base64," + base64.b64encode(qr.svg_inline(scale=4, border=2).encode()).decode()


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
    return html_to_pdf(certificate_html(cert))
