"""``{{ assignment.scoring_status|status_tag }}``: an assignment's status tag (recused, submitted,
draft, waiting for a score). A filter rather than an included template: the panel screen shows
one for each of its hundreds of assignments."""

from django import template
from django.utils.html import format_html

register = template.Library()


# The tag of each scoring status, written once: there are four.
_TAGS = {}


@register.filter
def status_tag(scoring_status):
    tag = _TAGS.get(scoring_status)
    if tag is None:
        style = f" {scoring_status.value}" if scoring_status.value else ""
        tag = _TAGS[scoring_status] = format_html('<span class="status-tag{}">{}</span>', style, scoring_status.label)
    return tag
