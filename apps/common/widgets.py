"""Form widgets shared by the audience apps."""

import html

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def escape(value):
    """``conditional_escape``, with its result for a plain string (``html.escape``, what Django's
    ``escape`` applies) and for an integer (its digits) written directly: a select of the pool
    escapes a thousand keys and names, and the lazy-string wrapper around each call cost more
    than the escaping."""
    kind = type(value)
    if kind is str:
        return html.escape(value)
    if kind is int:
        return str(value)
    return conditional_escape(value)


def _attrs(attrs):
    """What ``django/forms/widgets/attrs.html`` writes: `` name="value"``, a bare name for True."""
    if not attrs:
        return ""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class LongSelect(forms.Select):
    """A ``<select>`` written out in Python: the markup of Django's own ``select.html``, without
    rendering a template for each option. That cost about a hundred milliseconds for the pool's
    five hundred experts, and a couple for a list's filters (states, districts, industries).
    The options are written straight from the choices, as ``optgroups`` would list them (the
    same selection rule), without building a dictionary of attributes for each. Every name,
    value and label is escaped as the templates escape them (conditional_escape)."""

    def render(self, name, value, attrs=None, renderer=None):
        # Widget.get_context (name, formatted value, attributes), not ChoiceWidget's: that one
        # also builds every option's context, which the loop below writes directly.
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        multiple = self.allow_multiple_selected
        if multiple:
            widget["attrs"]["multiple"] = True
        values = widget["value"]
        parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        has_selected = False
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, (list, tuple))
            if grouped:
                parts.append(f'\n  <optgroup label="{escape(option_value)}">')
            for subvalue, sublabel in option_label if grouped else ((option_value, option_label),):
                text = str(subvalue)
                selected = (not has_selected or multiple) and text in values
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{escape(text)}"{" selected" if selected else ""}>{escape(sublabel)}</option>\n'
                )
            if grouped:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class PlainInput:
    """An ``<input>`` written out in Python: the markup of Django's ``input.html`` (with
    ``attrs.html``), for a form whose fields are rendered once a page load (the unit's
    verification checklist) rather than once a list. Mixed in before Django's widget class."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{escape(str(widget["value"]))}"'
        return mark_safe(f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>')


class Checkbox(PlainInput, forms.CheckboxInput):
    """``forms.CheckboxInput`` without its three templates (checkbox, input, attrs)."""


class Hidden(PlainInput, forms.HiddenInput):
    """``forms.HiddenInput`` without its templates."""


class TextInput(PlainInput, forms.TextInput):
    """``forms.TextInput`` without its templates."""


class EmailInput(PlainInput, forms.EmailInput):
    """``forms.EmailInput`` without its templates."""


class DateInput(PlainInput, forms.DateInput):
    """``forms.DateInput`` without its templates (its ``format`` applies as Django's does)."""


class PlainTextarea(forms.Textarea):
    """``forms.Textarea`` written out in Python: the markup of Django's ``textarea.html``."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        text = escape(widget["value"]) if widget["value"] else ""
        return mark_safe(f'<textarea name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>')


class LongCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes written out in Python: the markup of Django's own ``checkbox_select.html``
    (a ``<div>`` of one labelled checkbox per option), without rendering three templates for
    each option. For the fourteen industries of an expert's specialties that cost about two
    milliseconds, more than the rest of the expert's form. Escaped as the templates escape."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        box_id, box_class = widget["attrs"].get("id"), widget["attrs"].get("class")
        parts = [
            "<div",
            f' id="{escape(box_id)}"' if box_id else "",
            f' class="{escape(box_class)}"' if box_class else "",
            ">",
        ]
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f"\n  <div><label>{escape(group_name)}</label>")
            for option in group_choices:
                parts.append(f"<div>\n    {_checkbox(option)}\n</div>")
            if group_name:
                parts.append("\n  </div>")
        parts.append("\n</div>")
        return mark_safe("".join(parts))


def _checkbox(option):
    """What ``checkbox_option.html`` writes for one option of LongCheckboxes."""
    value = "" if option["value"] is None else f' value="{escape(str(option["value"]))}"'
    box = f'<input type="{escape(option["type"])}" name="{escape(option["name"])}"{value}{_attrs(option["attrs"])}>\n'
    if not option["wrap_label"]:
        return box
    option_id = option["attrs"].get("id")
    label_for = f' for="{escape(option_id)}"' if option_id else ""
    return f"<label{label_for}>{box} {escape(option['label'])}</label>\n"
