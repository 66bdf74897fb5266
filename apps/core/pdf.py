"""WeasyPrint rendering shared by every PDF of the portal (certificates, the 申报书 and the
成果材料): one CJK font stack and one cached font configuration."""

import functools

# The first installed one is used; WenQuanYi Micro Hei is on the servers (fonts-wqy-microhei).
FONT_STACK = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif'


@functools.lru_cache(maxsize=1)
def font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf(font_config=font_config())
