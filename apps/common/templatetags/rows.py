"""Per-row helpers of the long lists (50 rows a page): the same output as Django's ``{% url %}``
and ``|date`` at a fraction of their per-call cost, which a list pays once a row."""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe

from apps.common.links import link_for_each
from apps.common.widgets import escape
from apps.projects.states import State

register = template.Library()

# Each view's link function (apps.common.links), per script prefix and URLconf.
_LINKS = {}


def row_address(viewname, pk):
    """``reverse(viewname, args=[pk])`` for a view whose only argument is an integer key."""
    key = (viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    link = _LINKS.get(key)
    if link is None:
        link = _LINKS[key] = link_for_each(viewname)
    return link(pk)


@register.simple_tag
def row_url(viewname, pk):
    """``{% url viewname pk %}`` for a row: the address is reversed once, not once a row."""
    return row_address(viewname, pk)


_STATE_LABELS = dict(State.choices)


@register.filter
def state_badge(project):
    """What ``partials/state_badge.html`` writes for ``project``, without including a template
    once a row. ``project`` is a Project, or a project row read as values (a mapping with its
    "state")."""
    if isinstance(project, dict):
        state = project["state"]
        label = _STATE_LABELS.get(state, state)
    else:
        state, label = project.state, project.get_state_display()
    return mark_safe(f'<span class="state {escape(state)}">{escape(label)}</span>\n')


@register.filter(expects_localtime=True)
def minute(value):
    """``|date:"Y-m-d H:i"`` of a moment ("" for none), without the general formatter."""
    if value in (None, ""):
        return ""
    return value.strftime("%Y-%m-%d %H:%M")
