"""Per-row helpers of the long lists (50 rows a page): the same output as Django's ``{% url %}``
and ``|date`` at a fraction of their per-call cost, which a list pays once a row."""

import datetime
import unicodedata

from django import template
from django.conf import settings
from django.template.defaultfilters import stringfilter
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length

from apps.common.links import link_for_each
from apps.common.widgets import escape
from apps.projects.rows import STATE_LABELS

register = template.Library()

# Each view's link function (apps.common.links), per script prefix and URLconf.
_LINKS = {}


def row_link(viewname):
    """The function giving ``reverse(viewname, args=[pk])`` for a view whose only argument is
    an integer key, under the current script prefix and URLconf."""
    key = (viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    link = _LINKS.get(key)
    if link is None:
        link = _LINKS[key] = link_for_each(viewname)
    return link


def row_address(viewname, pk):
    """``reverse(viewname, args=[pk])`` for a view whose only argument is an integer key."""
    return row_link(viewname)(pk)


class RowUrlNode(template.Node):
    def __init__(self, viewname, pk):
        self.viewname, self.pk = viewname, pk

    def render(self, context):
        # The link function is looked up once a rendering (the script prefix and the URLconf
        # are the request's), not once a row.
        viewname = self.viewname.resolve(context)
        cached = context.render_context.get(self)
        if cached is None or cached[0] != viewname:
            cached = context.render_context[self] = (viewname, row_link(viewname))
        address = cached[1](self.pk.resolve(context))
        return escape(address) if context.autoescape else address


@register.tag
def row_url(parser, token):
    """``{% url viewname pk %}`` for a row: the address is reversed once, not once a row."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("{% row_url %} takes a view name and a key: {% row_url 'projects:detail' project.pk %}")
    return RowUrlNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))


@register.filter
def state_badge(project):
    """What ``partials/state_badge.html`` writes for ``project``, without including a template
    once a row. ``project`` is a Project, or a project row read as values (a mapping with its
    "state")."""
    if isinstance(project, dict):
        state = project["state"]
        label = STATE_LABELS.get(state, state)
    else:
        state, label = project.state, project.get_state_display()
    return mark_safe(f'<span class="state {escape(state)}">{escape(label)}</span>\n')


@register.filter(expects_localtime=True)
def minute(value, empty=""):
    """``|date:"Y-m-d H:i"`` of a moment, without the general formatter; ``empty`` for none
    (``|minute:"—"`` writes what ``|date:"Y-m-d H:i"|default:"—"`` writes, in one filter)."""
    if value in (None, ""):
        return empty
    if type(value) is not datetime.datetime:  # a date, or a subclass: as strftime writes it
        return value.strftime("%Y-%m-%d %H:%M")
    # Django's "Y" is the year in four digits; the fields written directly cost half a strftime.
    return f"{_ymd(value)} {value.hour:02d}:{value.minute:02d}"


@register.filter(expects_localtime=True)
def day(value):
    """``|date:"Y-m-d"`` of a date or a moment ("" for none), without the general formatter."""
    if value in (None, ""):
        return ""
    return _ymd(value)


def _ymd(value):
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


@register.filter(expects_localtime=True)
def second(value):
    """``|date:"Y-m-d H:i:s"`` of a moment ("" for none): the audit tables' time to the second."""
    if value in (None, ""):
        return ""
    return f"{_ymd(value)} {value.hour:02d}:{value.minute:02d}:{value.second:02d}"


@register.filter(is_safe=True)
@stringfilter
def clip(value, length):
    """``|truncatechars:length``: what Django's filter writes, without walking each character
    in Python for text it writes as it is. Text in composed form (NFC) without combining
    characters counts one character each, so it is cut where Django cuts it; other text
    goes to Django's Truncator."""
    length = int(length)
    if length <= 0 or not unicodedata.is_normalized("NFC", value) or any(map(unicodedata.combining, value)):
        return Truncator(value).chars(length)
    if len(value) <= length:
        return value
    return add_truncation_text(value[: calculate_truncate_chars_length(length, None)])
