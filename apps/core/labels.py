"""Choice labels read from a prepared mapping."""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_LABELS = {}


class ChoiceLabels:
    """A model mixin: ``get_<field>_display()`` as Django writes it, from a {value: label}
    mapping built once per field. Django's own rebuilds the mapping from the field's choices
    on every call, which a 50-row list with a state, a district and an industry pays 150 times.
    The choices are the enums of the code, fixed while the process runs."""

    def _get_FIELD_display(self, field):
        labels = _LABELS.get(field)
        if labels is None:
            labels = _LABELS[field] = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
