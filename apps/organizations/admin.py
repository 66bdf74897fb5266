from django.contrib import admin

from .models import Organization, OrganizationBan


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "district", "industry", "contact_name", "created_at")
    list_filter = ("district", "industry")
    search_fields = ("name", "credit_code")


@admin.register(OrganizationBan)
class OrganizationBanAdmin(admin.ModelAdmin):
    list_display = ("organization_name", "credit_code", "starts_on", "ends_on", "project")
    list_select_related = ("project",)
    search_fields = ("organization_name", "credit_code")
    raw_id_fields = ("project", "created_by")
