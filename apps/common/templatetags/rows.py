"""Per-row helpers of the long lists (50 rows a page): the same output as Django's ``{% url %}``
and ``|date`` at a fraction of their per-call cost, which a list pays once a row."""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe

from apps.common.widgets import escape

register = template.Library()

# A key no row has, written into a view's address once and replaced by each row's key.
_MARK = "9182736450918273645"
_ADDRESSES = {}


def row_address(viewname, pk):
    """``reverse(viewname, args=[pk])`` for a view whose only argument is an integer key."""
    key = (viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    parts = _ADDRESSES.get(key)
    if parts is None:
        parts = _ADDRESSES[key] = reverse(viewname, args=[_MARK]).split(_MARK)
    if len(parts) != 2:
        return reverse(viewname, args=[pk])
    return f"{parts[0]}{int(pk)}{parts[1]}"


@register.simple_tag
def row_url(viewname, pk):
    """``{% url viewname pk %}`` for a row: the address is reversed once, not once a row."""
    return row_address(viewname, pk)


@register.filter
def state_badge(project):
    """What ``partials/state_badge.html`` writes for ``project``, without including a template
    once a row."""
    return mark_safe(f'<span class="state {escape(project.state)}">{escape(project.get_state_display())}</span>\n')


@register.filter(expects_localtime=True)
def minute(value):
    """``|date:"Y-m-d H:i"`` of a moment ("" for none), without the general formatter."""
    if value in (None, ""):
        return ""
    return value.strftime("%Y-%m-%d %H:%M")
