from django.contrib import admin

from apps.core.admin_utils import PolicyAdmin

from .models import RecommenderUnit, RecommenderVerification


@admin.register(RecommenderUnit)
class RecommenderUnitAdmin(PolicyAdmin):
    list_display = ("name", "kind", "district", "get_industries_display", "contact_name")
    list_filter = ("kind", "district")
    search_fields = ("name",)
    filter_horizontal = ("member_organizations",)


@admin.register(RecommenderVerification)
class RecommenderVerificationAdmin(PolicyAdmin):
    list_display = ("project", "verified_by", "created_at")
    list_select_related = ("project", "verified_by")
    raw_id_fields = ("project", "verified_by")
