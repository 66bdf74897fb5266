"""Filters of the recommender inbox (django-filter): state, district, industry, year, text."""

import django_filters

from apps.campaigns.models import Campaign
from apps.common.forms import FixedChoices
from apps.common.widgets import LongSelect
from apps.projects import search
from apps.organizations.choices import District, Industry
from apps.projects.states import ROUTED_STATES, State


class InboxFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="filter_q")
    # The selects written without a template per option (apps.common.widgets.LongSelect), their
    # choices not copied for each request (apps.common.forms.FixedChoices).
    state = django_filters.ChoiceFilter(
        label="状态", choices=FixedChoices([(s.value, s.label) for s in State if s in ROUTED_STATES]), empty_label="全部状态", widget=LongSelect
    )
    district = django_filters.ChoiceFilter(
        label="所在区", field_name="organization__district", choices=FixedChoices(District.choices), empty_label="全部区", widget=LongSelect
    )
    industry = django_filters.ChoiceFilter(
        label="所属行业", field_name="organization__industry", choices=FixedChoices(Industry.choices), empty_label="全部行业", widget=LongSelect
    )
    year = django_filters.ChoiceFilter(label="年度", field_name="campaign__year", empty_label="全部年度", widget=LongSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(y, f"{y}年") for y in Campaign.objects.years()]

    def filter_q(self, queryset, name, value):
        # Title, organisation, credit code, people and PDCA text, within the unit's projects.
        return search.matching(queryset, value)
