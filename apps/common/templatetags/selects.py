"""The filter bars' selects, written in Python (apps.common.widgets.LongSelect) rather than an
``{% if %}`` and an ``<option>`` per choice in the template: a bar of districts, industries and
units has some seventy options on every request of a list."""

from django import template

from apps.common.widgets import LongSelect

register = template.Library()


@register.simple_tag
def choice_select(name, choices, current, id, empty="全部"):
    """``<select name=… id=…>``: an empty choice labelled ``empty``, then ``choices`` ((value,
    label) pairs), with the one equal to ``current`` (compared as text) selected."""
    return LongSelect(attrs={"id": id}, choices=[("", empty), *choices]).render(name, current)
