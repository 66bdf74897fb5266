"""A filter bar's fixed choices (apps.common.forms.FixedChoices) are shared by every copy of
the field, and the field and its select read them as they read a list of pairs."""

import copy

from django import forms

from apps.common.forms import FixedChoices
from apps.common.widgets import LongSelect
from apps.organizations.choices import District

PAIRS = [("", "全部区"), *District.choices]


def test_fixed_choices_are_shared_by_copies_and_read_as_the_pairs():
    choices = FixedChoices(PAIRS)
    assert copy.deepcopy(choices) is choices and copy.copy(choices) is choices
    assert list(choices) == PAIRS and len(choices) == len(PAIRS)


def test_a_field_of_fixed_choices_validates_and_renders_as_one_of_a_list():
    class Fixed(forms.Form):
        district = forms.ChoiceField(choices=FixedChoices(PAIRS), required=False, widget=LongSelect)

    class Listed(forms.Form):
        district = forms.ChoiceField(choices=PAIRS, required=False, widget=LongSelect)

    for data in ({"district": "heping"}, {"district": "nowhere"}, {}):
        fixed, listed = Fixed(data), Listed(data)
        assert fixed.is_valid() == listed.is_valid()
        assert str(fixed["district"]) == str(listed["district"])
    assert Fixed().fields["district"].choices is Fixed().fields["district"].choices


def test_the_inbox_filter_offers_every_state_district_and_industry(db):
    from apps.organizations.choices import Industry
    from apps.projects.models import Project
    from apps.projects.states import ROUTED_STATES
    from apps.unit.filters import InboxFilter

    form = InboxFilter({"district": "hexi"}, queryset=Project.objects.none()).form
    html = str(form["district"])
    assert '<option value="hexi" selected>' in html and '<option value="">全部区</option>' in html
    assert [value for value, _ in form.fields["industry"].choices][1:] == [value for value, _ in Industry.choices]
    assert {value for value, _ in form.fields["state"].choices} - {""} == {str(s) for s in ROUTED_STATES}
