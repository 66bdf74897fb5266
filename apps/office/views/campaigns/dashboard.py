"""The campaign dashboard: projects per state, district, industry and recommender unit."""

from django.http import Http404
from django.shortcuts import render

from apps.common.excel import xlsx_response
from apps.projects.states import State

from apps.projects import campaign_selectors as selectors
from apps.campaigns.models import Campaign
from apps.common.access import staff_required
from apps.office.access import campaign_or_404, redirect_to_current

TABLES = {
    "state": ("按状态统计", "状态", selectors.counts_by_state),
    "district": ("按所在区统计", "所在区", selectors.counts_by_district),
    "industry": ("按所属行业统计", "所属行业", selectors.counts_by_industry),
    "recommender": ("按推荐单位统计", "推荐单位", selectors.counts_by_recommender),
}


@staff_required
def current(request):
    return redirect_to_current(request, "campaigns:dashboard")


@staff_required
def dashboard(request, year):
    # The year select lists every campaign: the one shown is read among them, not again.
    campaigns = list(Campaign.objects.order_by("-year"))
    campaign = next((campaign for campaign in campaigns if campaign.year == year), None)
    if campaign is None:
        raise Http404("没有这个年度的工作方案")
    counts = selectors.dashboard_counts(campaign)
    tables = {key: {"title": title, "label": label, "rows": counts[key]} for key, (title, label, _) in TABLES.items()}
    charts = {
        key: {"labels": [r["label"] for r in t["rows"]], "values": [r["n"] for r in t["rows"]], "title": t["title"]}
        for key, t in tables.items()
    }
    total = sum(r["n"] for r in tables["state"]["rows"])
    by_state = {r["key"]: r["n"] for r in tables["state"]["rows"]}
    highlights = [
        (label, by_state.get(state, 0))
        for state, label in (
            (State.RECOMMENDED, "待立项审核（第十一条）"),
            (State.IN_PROGRESS, "实施中（第十二、十三条）"),
            (State.RESULTS_RECOMMENDED, "成果已推荐（第十五条）"),
        )
    ]
    return render(
        request,
        "office/campaigns/dashboard.html",
        {
            "campaign": campaign,
            "tables": tables,
            "charts": charts,
            "total": total,
            "highlights": highlights,
            "campaigns": [campaign.year for campaign in campaigns],
        },
    )


@staff_required
def dashboard_export(request, year, table):
    campaign = campaign_or_404(year)
    if table not in TABLES:
        raise Http404
    title, label, fn = TABLES[table]
    rows = fn(campaign)
    if table == "recommender":
        headers = ["推荐单位", "类别（第六条）", "收到申报数", "推荐数（第十条）", "列入项目计划数（第十一条）", "推荐成果数（第十五条）"]
        data = [[r["label"], r["kind"], r["n"], r["n_recommended"], r["n_plan"], r["n_results"]] for r in rows]
    else:
        headers = [label, "项目数"]
        data = [[r["label"], r["n"]] for r in rows]
    return xlsx_response(f"{campaign.year}年度{title}", headers, data, title=title)
