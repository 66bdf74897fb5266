"""Parts of the project page (and of the unit's verification screen) written in Python, each the
markup its template wrote, escaped alike: ``{{ timeline|timeline_list }}`` (the project's
timeline, apps.projects.selectors.timeline, with each comment) and
``{{ files|attachment_list:project }}`` (a list of the project's attachments, each linked to
its permission-checked download). The template's loops, with their filters and ``{% url %}``,
took about a third of the project page's own markup. They show what the view read; neither
decides a rule."""

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from apps.common.links import link_for_each
from apps.common.templatetags.rows import minute
from apps.common.widgets import escape

register = template.Library()


def timeline_entry(entry):
    """One line of the timeline: the label, the states it went from and to (for a state
    change), when, who (系统 for nobody) in which role, and the comment."""
    states = f' <span class="muted">{escape(entry.from_label)} → {escape(entry.to_label)}</span>' if entry.from_label else ""
    role = f"（{escape(entry.role)}）" if entry.role else ""
    comment = f'\n    <div class="pre">{escape(entry.comment)}</div>' if entry.comment else ""
    return (
        f"\n  <li>\n    <div><strong>{escape(entry.label)}</strong>{states}</div>\n"
        f'    <div class="when">{minute(template_localtime(entry.created_at))} · {escape(entry.actor) if entry.actor else "系统"}{role}</div>'
        f"{comment}\n  </li>"
    )


@register.filter
def timeline_list(timeline):
    """The timeline's list, oldest first, or the note that nothing was submitted yet."""
    if not timeline:
        return mark_safe('<p class="muted">尚未提交，暂无流转记录。</p>')
    return mark_safe('<ul class="timeline">' + "".join(timeline_entry(entry) for entry in timeline) + "\n</ul>")


@register.filter
def attachment_list(files, project):
    """The attachments ``files`` of ``project``: each its download link, size and upload time;
    or the note that there are none."""
    if not files:
        return mark_safe('<p class="muted">暂无附件。</p>')
    link = link_for_each("projects:attachment", project.pk)
    items = "".join(
        f'<li><a href="{escape(link(attachment.pk))}">{escape(attachment.original_name)}</a> '
        f'<span class="muted">{escape(filesizeformat(attachment.size))} · {minute(template_localtime(attachment.uploaded_at))}</span></li>'
        for attachment in files
    )
    return mark_safe(f"<ul>{items}</ul>")
