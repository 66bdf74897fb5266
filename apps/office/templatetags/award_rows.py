"""The decision list's and the certificates page's rows written in Python.

The decision list (第十六条、第十七条): ``{% decision_rows %}`` writes
what ``office/awards/_entry_rows.html``'s loop wrote for each of the page's ``entries`` (rows of
awards.selectors.draft_entry_rows with ``can_revoke``), escaped alike. A page shows fifty of
them, and the template's eight cells a row, with their filters, ``{% row_url %}`` and, while the
list is a draft, the level's form, took about 60 µs a row.

The certificates page: ``{{ certificates|certificate_rows }}`` writes what its template's loop
wrote for each certificate (a row of awards.selectors.campaign_certificates), the two links
reversed once a page; building each certificate with its year and project and the six cells
with their ``{% url %}`` took about 70 µs a row.

The rows show what the view and the awards policy decided; none of them decides a rule."""

from urllib.parse import quote

from django import template
from django.template.defaultfilters import filesizeformat
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import mark_safe

from apps.awards.models import Certificate
from apps.common.templatetags.rows import row_link, state_badge
from apps.common.widgets import escape

register = template.Library()

# The level select's options: (value, label).
LEVEL_OPTIONS = (("", "不授奖"), ("first", "一等奖"), ("second", "二等奖"), ("third", "三等奖"))


def _plain(value):
    """``{{ value }}`` inside ``{% localize off %}``: written as it is, escaped."""
    return escape(localize(value, use_l10n=False))


def _level_form(entry, level_link, csrf, error):
    address = escape(level_link(entry["pk"]))
    options = "\n".join(
        f'          <option value="{value}"{" selected" if (entry["level"] == value if value else not entry["level"]) else ""}>{label}</option>'
        for value, label in LEVEL_OPTIONS
    )
    return (
        f'\n      <form method="post" action="{address}" hx-post="{address}" hx-target="#entry-{_plain(entry["pk"])}" hx-swap="outerHTML" hx-trigger="change">{csrf}'
        f'\n        <select name="level" aria-label="等级">\n{options}\n        </select>'
        f'\n        <noscript><button class="btn small" type="submit">保存</button></noscript>\n      </form>'
        f'\n      {f"""<div class="errorlist">{escape(error)}</div>""" if error else ""}\n    '
    )


def decision_row(entry, *, editable, level_link, revoke_link, csrf="", error=""):
    """The decision list's row of ``entry``: rank (— for none), the title with its 已调整 mark
    and 第二十二条 gap note, the organisation, the unit (— for none), the score (— for none),
    the panel's proposed level, the commission's level (its form while the list is a draft,
    ``editable``; struck through once an upheld objection took the project off the list) and
    the state with the revoke link where ``can_revoke``."""
    if editable:
        level = _level_form(entry, level_link, csrf, error)
    elif entry["level"] and entry["state"] == "not_awarded":
        level = f'<s>{escape(entry["level_label"])}</s> <span class="muted">已撤出名单</span>\n    '
    else:
        level = escape(entry["level_label"] or "不授奖")
    adjusted = ' <span class="pill" title="与专家组建议不同">已调整</span>' if entry["adjusted"] else ""
    gap = f'<div class="flag gap-note">⚑ {escape(entry["gap_note"])}</div>' if entry["gap_note"] else ""
    revoke = f' <a class="btn small danger" href="{escape(revoke_link(entry["project_id"]))}">撤销奖项</a>' if entry.get("can_revoke") else ""
    return (
        f'<tr id="entry-{_plain(entry["pk"])}">\n'
        f'  <td>{_plain(entry["rank"]) if entry["rank"] else "—"}</td>\n'
        f"  <td>{escape(entry['title'])}{adjusted}{gap}</td>\n"
        f"  <td>{escape(entry['organization_name'])}</td>\n"
        f"  <td>{escape(entry['recommender_name'] or '—')}</td>\n"
        f'  <td class="num">{_plain(entry["score"]) if entry["score"] else "—"}</td>\n'
        f"  <td>{escape(entry['proposed_level_label'] or '—')}</td>\n"
        f"  <td>\n    {level}\n  </td>\n"
        f"  <td>{state_badge(entry)}{revoke}</td>\n</tr>\n"
    )


@register.simple_tag(takes_context=True)
def decision_rows(context):
    """``{% decision_rows %}``: the rows (:func:`decision_row`) of the context's ``entries``,
    with the level's form where ``can_decide`` and the ``award_list`` is a draft (the context's
    ``error`` under it) and its CSRF field as ``{% csrf_token %}`` writes it."""
    award_list = context.get("award_list")
    editable = bool(context.get("can_decide")) and award_list is not None and award_list.status == "draft"
    csrf = CsrfTokenNode().render(context) if editable else ""
    level_link, revoke_link = row_link("awards:set_level"), row_link("awards:revoke")
    error = context.get("error") or ""
    return mark_safe(
        "".join(
            decision_row(entry, editable=editable, level_link=level_link, revoke_link=revoke_link, csrf=csrf, error=error)
            for entry in context.get("entries") or ()
        )
    )


# The marker a certificate's code stands in for while its verification link is reversed once,
# and the characters reverse() leaves unquoted in an argument (django.urls.resolvers: RFC 3986
# sub-delimiters and "/~:@").
_CODE = "0CODE0"
_UNQUOTED = "!$&'()*+,;=/~:@"
_REVOKED = ' <span class="state revoked">已撤销</span>'


def _verify_link():
    head, _, tail = reverse("awards_public:verify", args=[_CODE]).partition(_CODE)
    return lambda code: f"{head}{quote(str(code), safe=_UNQUOTED)}{tail}"


def certificate_row(certificate, *, verify_link, download_link):
    """The certificates page's row of ``certificate``: serial, holder, the title (最佳组织奖 for
    none), the level with 已撤销 when the award was revoked (第二十一条), the verification
    code linked to its public check, and the file's link and size (未生成 before it is)."""
    revoked = Certificate.revoked_of(certificate["kind"], certificate["project__state"])
    if certificate["pdf"]:
        file = (
            f'<a href="{escape(download_link(certificate["pk"]))}">下载PDF</a> '
            f'<span class="muted">{escape(filesizeformat(certificate["pdf_size"]))}</span>'
        )
    else:
        file = '<span class="muted">未生成</span>'
    return (
        f"\n      <tr><td>{escape(certificate['serial'])}</td><td>{escape(certificate['holder'])}</td>"
        f"<td>{escape(certificate['title'] or '最佳组织奖')}</td><td>{escape(certificate['level_label'])}"
        f"{_REVOKED if revoked else ''}</td>\n"
        f'        <td><a href="{escape(verify_link(certificate["code"]))}">{escape(certificate["code"])}</a></td>\n'
        f"        <td>{file}</td></tr>\n    "
    )


@register.filter
def certificate_rows(certificates):
    """The certificates page's rows (:func:`certificate_row`) of ``certificates``."""
    verify_link, download_link = _verify_link(), row_link("awards:download")
    return mark_safe("".join(certificate_row(c, verify_link=verify_link, download_link=download_link) for c in certificates))
