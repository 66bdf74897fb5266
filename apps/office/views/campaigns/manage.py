"""The yearly work plan (第八条): created and edited by the commission or the agency,
published by the commission alone."""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.common.excel import local_time, xlsx_response
from apps.common.links import link_for_each
from apps.projects.states import REVIEW_STARTED_STATES

from apps.campaigns import services
from apps.projects import campaign_selectors as selectors
from apps.office.forms.campaigns import CampaignForm, RubricFormSet
from apps.campaigns.models import Campaign, ProjectType
from apps.common.access import commission_required, staff_required
from apps.office.access import campaign_or_404


@staff_required
def campaign_list(request):
    campaigns = selectors.campaigns_with_counts()
    links = [link_for_each(name) for name in ("campaigns:detail", "campaigns:approval", "campaigns:dashboard")]
    for campaign in campaigns:
        campaign.detail_url, campaign.approval_url, campaign.dashboard_url = (link(campaign.year) for link in links)
    return render(request, "office/campaigns/campaign_list.html", {"campaigns": campaigns})


@staff_required
def campaign_list_export(request):
    headers = ["年度", "工作方案名称", "状态", "申报开始日期", "申报截止日期", "立项审核截止日期", "申报数", "待立项审核", "已通过待公布", "列入项目计划"]
    rows = [
        [
            campaign.year,
            campaign.title,
            "已发布" if campaign.published else "草稿",
            campaign.application_opens,
            campaign.application_closes,
            campaign.approval_closes,
            campaign.n_projects,
            campaign.n_recommended,
            campaign.n_approved,
            campaign.n_plan,
        ]
        for campaign in selectors.campaigns_with_counts()
    ]
    return xlsx_response("年度工作方案", headers, rows, title="年度工作方案")


@staff_required
def campaign_create(request):
    form = CampaignForm(request.POST or None, initial=_initial_for_new())
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(**form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已创建{campaign.year}年度工作方案（草稿），并载入默认评分标准。")
            return redirect("campaigns:detail", year=campaign.year)
    return render(request, "office/campaigns/campaign_form.html", {"form": form, "campaign": None})


def _initial_for_new():
    """Next year's plan starts from the latest one: same quotas and settings, dates a year on."""
    from django.utils import timezone

    from apps.organizations.models import add_years

    latest = Campaign.objects.order_by("-year").first()
    year = max(timezone.localdate().year, (latest.year + 1) if latest else 0)
    initial = {"year": year, "title": f"{year}年天津市质量攻关工作方案"}
    if latest:
        shift = year - latest.year
        initial.update({name: add_years(getattr(latest, name), shift) for name in Campaign.DATE_ORDER})
        for name in CampaignForm.Meta.fields:
            if name not in initial and name != "description":
                initial[name] = getattr(latest, name)
    return initial


def _may_edit(user, campaign):
    """Drafting is administrative (the agency may do it); a published plan is the commission's
    public decision (第八条), so only the commission changes it afterwards."""
    return rules.has_perm("campaigns.decide", user) or not campaign.published


@staff_required
def campaign_detail(request, year):
    campaign = campaign_or_404(year)
    by_type = {value: [] for value, _ in ProjectType.choices}
    for criterion in campaign.rubric.all():
        by_type.setdefault(criterion.project_type, []).append(criterion)
    rubric = [
        {"label": label, "criteria": by_type[value], "total": sum(criterion.max_points for criterion in by_type[value])}
        for value, label in ProjectType.choices
    ]
    counts = {r["key"]: r["n"] for r in selectors.counts_by_state(campaign)}
    return render(
        request,
        "office/campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "rubric": rubric,
            "may_edit": _may_edit(request.user, campaign),
            "n_recommended": counts.get("recommended", 0),
            "n_approved": counts.get("approved", 0),
        },
    )


@staff_required
def campaign_edit(request, year):
    campaign = campaign_or_404(year)
    if not _may_edit(request.user, campaign):
        raise PermissionDenied("工作方案已发布（第八条），仅市市场监管委可以修改。")
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "year"}
        try:
            services.update_campaign(campaign=Campaign.objects.get(pk=campaign.pk), **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "工作方案已保存。")
            return redirect("campaigns:detail", year=campaign.year)
    return render(request, "office/campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@staff_required
def rubric_edit(request, year):
    campaign = campaign_or_404(year)
    if not _may_edit(request.user, campaign):
        raise PermissionDenied("工作方案已发布（第八条），仅市市场监管委可以修改评分标准。")
    locked = campaign.projects.filter(state__in=REVIEW_STARTED_STATES).exists()
    # 问题解决型 first, as in DESIGN.md §7 ("problem_solving" sorts after "innovation").
    formset = RubricFormSet(
        request.POST or None, instance=campaign, prefix="rubric", queryset=campaign.rubric.order_by("-project_type", "order", "pk")
    )
    if request.method == "POST":
        if locked:
            messages.error(request, "根据第十六条，成果评审已开始，评分标准不能再修改。")
        elif formset.is_valid():
            services.save_rubric(campaign=campaign, formset=formset)
            messages.success(request, "评分标准已保存。")
            return redirect("campaigns:detail", year=campaign.year)
    return render(request, "office/campaigns/rubric_form.html", {"campaign": campaign, "formset": formset, "locked": locked})


@require_POST
@commission_required
def campaign_publish(request, year):
    """第八条: 市市场监管委向社会发布工作方案."""
    campaign = campaign_or_404(year)
    if campaign.published:
        messages.info(request, f"{campaign.year}年度工作方案已于{local_time(campaign.published_at)}发布。")
    elif not campaign.rubric.exists():
        messages.error(request, "请先制定评分标准，再发布工作方案（第八条）。")
    else:
        services.publish_campaign(campaign=campaign)
        messages.success(request, f"{campaign.year}年度工作方案已向社会发布（第八条）。")
    return redirect("campaigns:detail", year=campaign.year)
