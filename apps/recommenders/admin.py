from django.contrib import admin

from .models import RecommenderUnit


@admin.register(RecommenderUnit)
class RecommenderUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "district", "contact_name")
    list_filter = ("kind", "district")
    search_fields = ("name",)
    filter_horizontal = ("member_organizations",)
