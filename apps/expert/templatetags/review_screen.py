"""The review screen's repeated markup written in Python: the score form's rubric rows and the
project's attachments. Each writes what its template loop wrote, escaped and localised alike,
whitespace included: through the template's tags the rows took a third of the screen's own
rendering."""

from django import template
from django.template.defaultfilters import filesizeformat, floatformat
from django.utils.formats import localize
from django.utils.safestring import mark_safe

from apps.common.links import link_for_each
from apps.common.widgets import escape

register = template.Library()


@register.simple_tag
def criterion_rows(rows, locked):
    """``{% criterion_rows criteria_rows locked %}``: a table row for each rubric row of the
    view's ``_score_context`` (criterion, field name, full marks, value, error): the criterion
    with its points, its full marks and weight, and the points' input, disabled when
    ``locked``; the first input takes the focus while the form is open."""
    written = []
    for place, row in enumerate(rows):
        criterion, field, full = row["criterion"], escape(row["field"]), escape(row["max"])
        error = row["error"]
        errors = f'<ul class="errorlist"><li>{escape(error)}</li></ul>' if error else ""
        focus = " autofocus" if place == 0 and not locked else ""
        marked = ' class="has-error"' if error else ""
        written.append(
            f"\n      <tr{marked}>"
            f'\n        <td><label for="{field}" class="m-0">{escape(criterion.name)}</label>'
            f'<div class="muted">{escape(criterion.description)}</div>{errors}</td>'
            f'\n        <td class="max">{full}</td>'
            f'\n        <td class="max">{escape(floatformat(criterion.weight, "-2"))}</td>'
            f'\n        <td><input type="number" id="{field}" name="{field}" value="{escape(row["value"])}" min="0" max="{full}" step="0.5"'
            f'\n                   data-max="{full}" data-weight="{escape(localize(criterion.weight))}"'
            f'\n                   inputmode="decimal" {"disabled" if locked else ""}{focus}></td>'
            "\n      </tr>\n    "
        )
    return mark_safe("".join(written))


@register.simple_tag
def attachment_blocks(assignment, attachments):
    """``{% attachment_blocks assignment attachments %}``: a foldable block for each of the
    project's attachments (the first unfolded): its kind, name and size, a link opening it
    (through the logged view of ``assignment``, 第二十三条) and, for an image or a PDF, the
    file shown in place; "无附件" for none."""
    if not attachments:
        return mark_safe('<p class="muted">无附件</p>')
    link = link_for_each("experts:attachment", assignment.pk)
    written = []
    for place, attachment in enumerate(attachments):
        url, name, content_type = escape(link(attachment.pk)), escape(attachment.original_name), attachment.content_type
        if "image/" in content_type:
            shown = f'\n            <img class="attachment-img" loading="lazy" src="{url}" alt="{name}">\n          '
        elif content_type == "application/pdf":
            shown = f'\n            <iframe class="attachment-frame" loading="lazy" title="{name}" src="{url}"></iframe>\n          '
        else:
            shown = '<p class="muted">该类型文件请在新窗口打开。</p>'
        written.append(
            f'\n        <details{" open" if place == 0 else ""} class="mb-8">'
            f"\n          <summary>{escape(attachment.get_kind_display())}：{name} "
            f'<span class="muted">（{escape(filesizeformat(attachment.size))}）</span></summary>'
            f'\n          <p class="m-0"><a href="{url}" target="_blank" rel="noopener">在新窗口打开“{name}”</a></p>'
            f"\n          {shown}\n        </details>\n      "
        )
    return mark_safe("".join(written))
