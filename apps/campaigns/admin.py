from django.contrib import admin

from apps.core.admin_utils import register_plain

from .models import Campaign, RubricCriterion


class RubricInline(admin.TabularInline):
    model = RubricCriterion
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("year", "title", "published", "application_closes", "quota_first", "quota_second", "quota_third")
    inlines = [RubricInline]


register_plain(RubricCriterion)
