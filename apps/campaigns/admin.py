from django.contrib import admin

from apps.core.admin_utils import PolicyAdmin, PolicyTabularInline, register_plain

from .models import Campaign, RubricCriterion


class RubricInline(PolicyTabularInline):
    model = RubricCriterion
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(PolicyAdmin):
    list_display = ("year", "title", "published", "application_closes", "quota_first", "quota_second", "quota_third")
    inlines = [RubricInline]


register_plain(RubricCriterion)
