from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from apps.core.admin_utils import PolicyPermissions

from .models import User


@admin.register(User)
class UserAdmin(PolicyPermissions, BaseUserAdmin):
    list_display = ("username", "full_name", "organization", "recommender", "is_active", "last_login")
    list_select_related = ("organization", "recommender")
    list_filter = ("groups", "is_active")
    search_fields = ("username", "full_name", "email")
    fieldsets = BaseUserAdmin.fieldsets + (("所属单位", {"fields": ("full_name", "phone", "organization", "recommender")}),)
    autocomplete_fields = ("organization", "recommender")
