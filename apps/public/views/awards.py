"""The announced award lists (第十八条) and their Excel exports, open to everyone."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from apps.awards import selectors
from apps.awards.models import AwardList
from apps.campaigns.models import Campaign
from apps.common.excel import xlsx_response
from apps.common.pagination import paginate
from apps.organizations.choices import District, Industry
from apps.projects.states import AwardLevel
from apps.public import cache as public_cache

PAGE_SIZE = 50


def _filters(request):
    """Level, district and industry asked for in the query (an unknown value is ignored)."""
    asked = {name: request.GET.get(name, "") for name in ("level", "district", "industry")}
    choices = {"level": AwardLevel.values, "district": District.values, "industry": Industry.values}
    return {name: value if value in choices[name] else "" for name, value in asked.items()}


def index(request):
    """/awards/: the announced lists of every year (第十九条)."""
    return render(request, "public/awards/index.html", {"lists": selectors.announced_lists()})


def results(request, year):
    """/awards/<year>/: the announced results by level, district and industry (第十九条)."""
    campaign = get_object_or_404(Campaign, year=year, published=True)
    award_list = AwardList.objects.filter(campaign=campaign, status=AwardList.Status.ANNOUNCED).first()
    if award_list is None:
        return render(request, "public/awards/not_announced.html", {"campaign": campaign, "years": selectors.announced_lists()})
    body = public_cache.body(
        request,
        name="awards",
        campaign=campaign,
        allowed={"level", "district", "industry", "page"},
        render=lambda: _results_body(request, campaign, award_list),
    )
    return render(request, "public/awards/results.html", {"campaign": campaign, "body": body})


def _results_body(request, campaign, award_list):
    filters = _filters(request)
    # The table's columns only, as values; the labels from the enums once, not per row.
    rows = selectors.announced_projects(campaign, **filters).values(
        "pk", "award_level", "title", "organization__name", "organization__district", "recommender__name", "results_summary"
    )
    page = paginate(request, rows, per_page=PAGE_SIZE)
    projects = list(page.object_list)
    level_labels, district_labels = dict(AwardLevel.choices), dict(District.choices)
    for row in projects:
        row["award_level_label"] = level_labels.get(row["award_level"], row["award_level"])
        row["district"] = district_labels.get(row["organization__district"], row["organization__district"])
    ctx = selectors.announced_results(campaign)
    ctx.update(
        {
            "award_list": award_list,
            "campaign": campaign,
            "years": selectors.announced_lists(),
            "page": page,
            "projects": projects,
            "filters": filters,
            "filtered": any(filters.values()),
            "export_query": urlencode({name: value for name, value in filters.items() if value}),
            "level_choices": AwardLevel.choices,
            "districts": District.choices,
            "industries": Industry.choices,
        }
    )
    return render_to_string("public/awards/_results.html", ctx, request)


def results_export(request, year):
    """/awards/<year>/export.xlsx: the announced list as the public page shows it (第十九条),
    with the page's filters (level, district, industry). 最佳组织奖 goes to a unit, not to a
    project of a level, district or industry, so a filtered export leaves it out."""
    campaign = get_object_or_404(Campaign, year=year, published=True)
    if not AwardList.objects.filter(campaign=campaign, status=AwardList.Status.ANNOUNCED).exists():
        raise Http404("获奖名单尚未公布")
    filters = _filters(request)
    headers = ["序号", "奖项等级", "成果名称", "获奖组织", "所在区", "所属行业", "推荐单位", "成果摘要"]
    rows = [
        [
            i,
            project.get_award_level_display(),
            project.title,
            project.organization.name,
            project.organization.get_district_display(),
            project.organization.get_industry_display(),
            project.recommender.name if project.recommender else "",
            project.results_summary,
        ]
        for i, project in enumerate(selectors.announced_projects(campaign, **filters).iterator(chunk_size=2000), start=1)
    ]
    if not any(filters.values()):
        start = len(rows) + 1
        rows += [
            [i, "最佳组织奖", "", f"{award.recommender.name}（{award.recommender.get_kind_display()}）", "", "", "", ""]
            for i, award in enumerate(selectors.published_best_organizations(campaign), start=start)
        ]
    name = f"{campaign.year}年度天津市质量攻关获奖名单" + ("（筛选）" if any(filters.values()) else "")
    return xlsx_response(name, headers, rows, title="获奖名单")


def notice_export(request, year):
    """/notice/<year>/export.xlsx: the projects under public notice (第十七条), as the notice
    page lists them. Objections are not part of it."""
    campaign = get_object_or_404(Campaign, year=year, published=True)
    headers = ["序号", "奖项等级", "成果名称", "申报组织", "推荐单位", "成果简介", "公示截止"]
    rows = (
        [
            i,
            project.get_award_level_display(),
            project.title,
            project.organization.name,
            project.recommender.name if project.recommender else "",
            project.results_summary,
            f"{project.notice_ends_on:%Y-%m-%d}" if project.notice_ends_on else "",
        ]
        for i, project in enumerate(selectors.public_notice(campaign), start=1)
    )
    return xlsx_response(f"{campaign.year}年度获奖名单公示", headers, rows, title="公示名单")
