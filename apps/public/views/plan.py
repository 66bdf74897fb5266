"""第十一条: the published project plan, open to everyone at /plan/<year>/."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from apps.organizations.choices import District, Industry
from apps.common.excel import xlsx_response
from apps.recommenders.models import RecommenderUnit

from apps.projects import campaign_selectors as selectors
from apps.campaigns.models import Campaign
from apps.projects.models import Project
from apps.common.pagination import paginate
from apps.public import cache as public_cache

PAGE_SIZE = 100


def _published_campaign(year):
    return get_object_or_404(Campaign.objects.published(), year=year)


def _filters(request):
    recommender = request.GET.get("recommender", "")
    return {
        "district": request.GET.get("district", ""),
        "industry": request.GET.get("industry", ""),
        "recommender": recommender if recommender.isdigit() else "",
        "q": request.GET.get("q", "").strip()[:50],
    }


def plan_index(request):
    years = selectors.plan_years()
    if not years:
        campaign = Campaign.objects.current()
        if campaign is None:
            raise Http404("尚无已公布的项目计划")
        return redirect("plan", year=campaign.year)
    return redirect("plan", year=years[0])


def plan(request, year):
    campaign = _published_campaign(year)
    body = public_cache.body(
        request,
        name="plan",
        campaign=campaign,
        allowed={"district", "industry", "recommender", "page"},
        render=lambda: _plan_body(request, campaign),
    )
    years = render_to_string("public/campaigns/_plan_years.html", {"campaign": campaign, "years": selectors.plan_years()})
    return render(request, "public/campaigns/plan.html", {"campaign": campaign, "body": mark_safe(body.replace("<!--plan-years-->", years, 1))})


def _plan_body(request, campaign):
    filters = _filters(request)
    # The table's seven columns only: a hundred rows as plain values, the labels from the enums.
    rows = selectors.plan_projects(campaign, **filters).values(
        "pk", "title", "organization__name", "organization__district", "organization__industry", "recommender__name"
    )
    page = paginate(request, rows, per_page=PAGE_SIZE)
    projects = list(page.object_list)
    district_labels, industry_labels = dict(District.choices), dict(Industry.choices)
    for row in projects:
        row["number"] = Project.number_of(campaign.year, row["pk"])
        row["district"] = district_labels.get(row["organization__district"], row["organization__district"])
        row["industry"] = industry_labels.get(row["organization__industry"], row["organization__industry"])
    return render_to_string(
        "public/campaigns/_plan.html",
        {
            "campaign": campaign,
            "page": page,
            "projects": projects,
            "filters": filters,
            "querystring": urlencode({k: v for k, v in filters.items() if v}),
            "districts": District.choices,
            "industries": Industry.choices,
            "recommenders": RecommenderUnit.objects.order_by("kind", "name").only("pk", "name"),
        },
        request,
    )


def plan_export(request, year):
    campaign = _published_campaign(year)
    headers = ["序号", "项目编号", "项目名称", "申报组织", "所在区", "所属行业", "推荐单位", "攻关方向（第二条）"]
    rows = [
        [
            i,
            project.number,
            project.title,
            project.organization.name,
            project.organization.get_district_display(),
            project.organization.get_industry_display(),
            project.recommender.name if project.recommender else "",
            project.get_category_display(),
        ]
        for i, project in enumerate(selectors.plan_projects(campaign, **_filters(request)), start=1)
    ]
    return xlsx_response(f"{campaign.year}年度天津市质量攻关项目计划", headers, rows, title="项目计划")
