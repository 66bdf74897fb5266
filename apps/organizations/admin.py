from django.contrib import admin

from apps.core.admin_utils import DecisionDataAdmin, PolicyAdmin

from .models import Organization, OrganizationBan


@admin.register(Organization)
class OrganizationAdmin(PolicyAdmin):
    list_display = ("name", "credit_code", "district", "district_confirmed", "industry", "contact_name", "created_at")
    list_filter = ("district", "district_confirmed", "industry")
    search_fields = ("name", "credit_code")


@admin.register(OrganizationBan)
class OrganizationBanAdmin(DecisionDataAdmin):
    decision_note = "禁止申报期随撤销奖励记录（第二十一条），在项目的“撤销奖励”页面（/awards/manage/projects/<编号>/revoke/）办理。"
    list_display = ("organization_name", "credit_code", "starts_on", "ends_on", "project")
    list_select_related = ("project",)
    search_fields = ("organization_name", "credit_code")
