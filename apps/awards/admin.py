from django.contrib import admin

from apps.core.admin_utils import DecisionDataAdmin, PolicyAdmin, register_plain, register_read_only

from .models import AwardList, BestOrganizationAward, Certificate, CertificateReissue, CertificateRun, CertificateRunItem, ListEntry, Objection, Revocation


@admin.register(AwardList)
class AwardListAdmin(DecisionDataAdmin):
    decision_note = "获奖名单由市市场监管委在“获奖名单管理”页面（/awards/manage/）确定、公示和公布（第十七条）。"
    list_display = ["campaign", "status", "notice_starts_on", "notice_ends_on", "announced_at"]


@admin.register(ListEntry)
class ListEntryAdmin(DecisionDataAdmin):
    decision_note = "奖项等级由市市场监管委在“获奖名单管理”页面（/awards/manage/<年度>/）调整，不超过第四条名额（第十七条）。"
    list_display = ["project", "rank", "proposed_level", "level", "updated_at"]
    list_filter = ["award_list", "level"]


@admin.register(Objection)
class ObjectionAdmin(DecisionDataAdmin):
    decision_note = "异议的调查和处理结论在“异议处理”页面（/awards/manage/objections/）登记（第十七条）。"
    list_display = ["receipt_code", "project", "name", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["receipt_code", "name", "project__title"]


@admin.register(Certificate)
class CertificateAdmin(PolicyAdmin):
    """Read-only (apps.awards.policy): certificates are issued by the certificate runs, never
    edited by hand."""

    list_display = ["serial", "holder", "level_label", "code", "issued_on", "rendered_at", "pdf_size"]
    search_fields = ["serial", "code", "holder"]


admin.site.register(CertificateRun, PolicyAdmin)
register_read_only(
    BestOrganizationAward, "最佳组织奖由市市场监管委在“获奖名单管理”页面（/awards/manage/<年度>/）确定（第四条、第十七条）。"
)
register_read_only(
    CertificateReissue,
    "证书换发记录由证书生成批次在证书内容变更时写入，只能追加。",
    list_display=["certificate", "previous_issued_on", "issued_on", "created_at"],
)
register_read_only(
    Revocation,
    "撤销奖励在项目的“撤销奖励”页面（/awards/manage/projects/<编号>/revoke/）办理，同时记录禁止申报期（第二十一条）。",
    list_display=["project", "created_at"],
)


register_plain(CertificateRunItem)
