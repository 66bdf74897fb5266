"""Form widgets shared by the audience apps."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _attrs(attrs):
    """What ``django/forms/widgets/attrs.html`` writes: `` name="value"``, a bare name for True."""
    return mark_safe(
        "".join(
            format_html(' {}="{}"', name, str(value)) if value is not True else format_html(" {}", name)
            for name, value in attrs.items()
            if value is not False
        )
    )


class LongSelect(forms.Select):
    """A ``<select>`` written out in Python: the markup of Django's own ``select.html``, without
    rendering a template for each option. That cost about a hundred milliseconds for the pool's
    five hundred experts, and a couple for a list's filters (states, districts, industries)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in group_choices:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        str(option["value"]),
                        _attrs(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))
