from django.contrib import admin

from apps.core.admin_utils import register_plain

from .models import AwardList, BestOrganizationAward, Certificate, CertificateRun, CertificateRunItem, ListEntry, Objection, Revocation


@admin.register(AwardList)
class AwardListAdmin(admin.ModelAdmin):
    list_display = ["campaign", "status", "notice_starts_on", "notice_ends_on", "announced_at"]
    readonly_fields = ["campaign", "status", "published_at", "published_by", "announced_at", "announced_by"]


@admin.register(ListEntry)
class ListEntryAdmin(admin.ModelAdmin):
    list_display = ["project", "rank", "proposed_level", "level", "updated_at"]
    list_filter = ["award_list", "level"]
    raw_id_fields = ["project", "award_list", "updated_by"]


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ["receipt_code", "project", "name", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["receipt_code", "name", "project__title"]
    raw_id_fields = ["project", "investigated_by", "decided_by"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read-only: certificates are issued by the certificate runs, never edited by hand."""

    list_display = ["serial", "holder", "level_label", "code", "rendered_at", "pdf_size"]
    search_fields = ["serial", "code", "holder"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(BestOrganizationAward)
admin.site.register(CertificateRun)
admin.site.register(Revocation)


register_plain(CertificateRunItem)
