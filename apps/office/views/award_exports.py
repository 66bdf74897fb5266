"""Excel exports of the awards lists: each one has its page's permission checks and 404s, shows
what its page shows (never more), gives times in Beijing time and costs a constant number of
queries."""

from django.shortcuts import get_object_or_404

from apps.campaigns.models import Campaign
from apps.common.excel import local_time, xlsx_response
from apps.projects.models import Project

from apps.awards import selectors
from apps.awards.models import AwardList
from apps.common.access import staff_required

# ---- public ---------------------------------------------------------------------------


# ---- staff ----------------------------------------------------------------------------


@staff_required
def decide_export(request, year):
    """The commission's draft or published list (第十七条) as the decision page shows it."""
    campaign = get_object_or_404(Campaign, year=year)
    award_list = AwardList.objects.filter(campaign=campaign).first()
    entries = selectors.draft_entry_rows(selectors.draft_entries(award_list)) if award_list else []
    headers = ["专家组排名", "项目编号", "项目名称", "申报组织", "推荐单位", "评审得分", "专家组建议等级", "拟授奖等级", "与专家组建议不同", "项目状态", "备注"]
    rows = (
        [
            entry["rank"] or "",
            Project.number_of(campaign.year, entry["project_id"]),
            entry["title"],
            entry["organization_name"],
            entry["recommender_name"] or "",
            entry["score"] if entry["score"] is not None else "",
            entry["proposed_level_label"],
            entry["level_label"] or "不授奖",
            "是" if entry["adjusted"] else "",
            entry["state_label"],
            "已撤出名单" if entry["level"] and entry["state"] == "not_awarded" else "",
        ]
        for entry in entries
    )
    return xlsx_response(f"{campaign.year}年度获奖名单（{award_list.get_status_display() if award_list else '未开始'}）", headers, rows, title="获奖名单")


@staff_required
def objections_export(request):
    """公示异议 (第十七条) with the page's status filter. The objector's name is staff-only, as on
    the page; contact details stay on the detail page."""
    status = request.GET.get("status") or None
    headers = ["受理编号", "提交时间", "年度", "项目编号", "异议项目", "申报组织", "异议人类型", "异议人", "单位名称", "处理状态", "核实时间", "结论时间", "处理结论及理由"]
    rows = (
        [
            objection.receipt_code,
            local_time(objection.created_at),
            objection.project.campaign.year,
            objection.project.number,
            objection.project.title,
            objection.project.organization.name,
            objection.get_kind_display(),
            objection.name,
            objection.unit_name,
            objection.get_status_display(),
            local_time(objection.investigated_at),
            local_time(objection.decided_at),
            objection.decision_reason,
        ]
        for objection in selectors.objections_for_staff(status=status)
    )
    return xlsx_response("公示异议", headers, rows, title="公示异议")


@staff_required
def certificates_export(request, year):
    """A year's certificates: serial, holder, award, valid or revoked (第二十一条), rendering time."""
    campaign = get_object_or_404(Campaign, year=year)
    headers = ["证书编号", "类别", "获奖单位", "成果名称", "奖项", "状态", "验证码", "查验网址", "生成时间"]
    rows = (
        [
            certificate.serial,
            certificate.get_kind_display(),
            certificate.holder,
            certificate.title,
            certificate.level_label,
            "已撤销" if certificate.is_revoked else "有效" if certificate.is_valid else "无效",
            certificate.code,
            certificate.verify_url,
            local_time(certificate.rendered_at) or "未生成",
        ]
        for certificate in selectors.certificates_for_user(request.user).filter(campaign=campaign)
    )
    return xlsx_response(f"{campaign.year}年度获奖证书", headers, rows, title="获奖证书")
