"""Every campaign list exports to Excel with Chinese headers."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    ws = load_workbook(BytesIO(response.getvalue())).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_queue_export(client, commission, campaign, make_project):
    p = make_project("recommended", title="导出测试项目")
    client.force_login(commission)
    rows = _sheet(client.get(reverse("campaigns:approval_export", args=[campaign.year])))
    assert rows[0][:3] == ["项目编号", "项目名称", "申报组织"] and "推荐意见" in rows[0]
    assert rows[1][1] == "导出测试项目" and rows[1][0] == p.number


def test_plan_export_is_public(client, campaign, make_project):
    make_project("in_progress", title="计划导出项目")
    rows = _sheet(client.get(f"/plan/{campaign.year}/export.xlsx"))
    assert rows[0] == ["序号", "项目编号", "项目名称", "申报组织", "所在区", "所属行业", "推荐单位", "攻关方向（第二条）"]
    assert rows[1][2] == "计划导出项目" and rows[1][4] == "滨海新区"


@pytest.mark.parametrize("table,first_header", [("state", "状态"), ("district", "所在区"), ("industry", "所属行业"), ("recommender", "推荐单位")])
def test_dashboard_exports(client, agency, campaign, make_project, table, first_header):
    make_project("recommended")
    make_project("in_progress")
    client.force_login(agency)
    rows = _sheet(client.get(reverse("campaigns:dashboard_export", args=[campaign.year, table])))
    assert rows[0][0] == first_header
    assert sum(r[1] if table != "recommender" else r[2] for r in rows[1:]) == 2


def test_dashboard_counts(client, commission, campaign, make_project):
    make_project("recommended")
    make_project("in_progress")
    make_project("in_progress")
    client.force_login(commission)
    response = client.get(reverse("campaigns:dashboard", args=[campaign.year]))
    tables = response.context["tables"]
    assert {r["key"]: r["n"] for r in tables["state"]["rows"]} == {"recommended": 1, "in_progress": 2}
    [rec] = tables["recommender"]["rows"]
    assert (rec["n"], rec["n_recommended"], rec["n_plan"]) == (3, 3, 2)
    html = response.content.decode()
    assert "chart-4.6.1.umd.min.js" in html and 'id="chart-district"' in html and "dashboard-data" in html


def test_dashboard_of_an_empty_campaign_draws_no_empty_charts(client, commission, campaign):
    client.force_login(commission)
    html = client.get(reverse("campaigns:dashboard", args=[campaign.year])).content.decode()
    assert "暂无数据" in html and 'id="chart-' not in html


def test_dashboard_of_a_year_without_a_campaign_is_not_found_and_lists_the_years(client, commission, campaign):
    from tests.factories import CampaignFactory

    CampaignFactory(year=campaign.year - 1)
    client.force_login(commission)
    assert client.get(reverse("campaigns:dashboard", args=[campaign.year + 5])).status_code == 404
    html = client.get(reverse("campaigns:dashboard", args=[campaign.year - 1])).content.decode()
    assert f"<h1>{campaign.year - 1}年度数据看板</h1>" in html
    assert f'<option value="/campaigns/{campaign.year}/dashboard/" >{campaign.year}年度</option>' in html
    assert f'<option value="/campaigns/{campaign.year - 1}/dashboard/" selected>{campaign.year - 1}年度</option>' in html


def test_campaign_list_export(client, agency, campaign, make_project):
    make_project("recommended")
    client.force_login(agency)
    rows = _sheet(client.get(reverse("campaigns:list_export")))
    assert rows[0][:3] == ["年度", "工作方案名称", "状态"]
    assert rows[1][0] == campaign.year and rows[1][2] == "已发布" and rows[1][7] == 1


def test_dashboard_counts_by_district_and_industry(client, commission, campaign, make_project):
    from apps.projects.models import Project
    from tests.factories import OrganizationFactory

    projects = [make_project(state) for state in ["draft", "recommended", "in_progress", "in_progress", "withdrawn"]]
    # Two projects in 和平区, one each in 河西区 and 滨海新区 (a tie); the draft counts in neither.
    for project, district, industry in zip(
        projects,
        ["hexi", "heping", "binhai", "heping", "hexi"],
        ["food", "food", "energy", "energy", "food"],
    ):
        organization = OrganizationFactory(name=f"{district}{industry}{project.pk}", district=district, industry=industry)
        Project.objects.filter(pk=project.pk).update(organization=organization)
    client.force_login(commission)
    tables = client.get(reverse("campaigns:dashboard", args=[campaign.year])).context["tables"]
    # Most projects first; a tie in the order of the choices.
    assert [(r["label"], r["n"]) for r in tables["district"]["rows"]] == [("和平区", 2), ("河西区", 1), ("滨海新区", 1)]
    assert [(r["label"], r["n"]) for r in tables["industry"]["rows"]] == [("食品", 2), ("能源电力", 2)]
    exported = _sheet(client.get(reverse("campaigns:dashboard_export", args=[campaign.year, "district"])))
    assert exported[1:] == [["和平区", 2], ["河西区", 1], ["滨海新区", 1]]


def test_dashboard_counts_by_unit_and_by_state(client, commission, campaign, make_project):
    """Each unit's routed projects (drafts and withdrawn ones left out), recommended (第十条, and
    every later state), in the plan (第十一条) and with results recommended (第十五条); most
    projects first, a tie by name; a unit with nothing routed is not listed."""
    from apps.projects.models import Project
    from tests.factories import RecommenderFactory

    first, second, idle = RecommenderFactory(name="甲推荐单位"), RecommenderFactory(name="乙推荐单位"), RecommenderFactory(name="丙推荐单位")
    states = {
        first: ["draft", "withdrawn", "submitted", "recommended", "rejected", "in_progress", "results_recommended"],
        second: ["submitted", "not_recommended", "approved", "awarded", "draft"],
        idle: ["draft", "withdrawn"],
    }
    for unit, unit_states in states.items():
        for state in unit_states:
            Project.objects.filter(pk=make_project(state).pk).update(recommender=unit)
    client.force_login(commission)
    tables = client.get(reverse("campaigns:dashboard", args=[campaign.year])).context["tables"]
    rows = [(r["label"], r["kind"], r["n"], r["n_recommended"], r["n_plan"], r["n_results"]) for r in tables["recommender"]["rows"]]
    assert rows == [("甲推荐单位", "区市场监督管理部门", 5, 4, 2, 1), ("乙推荐单位", "区市场监督管理部门", 4, 2, 1, 1)]
    states_shown = {r["key"]: r["n"] for r in tables["state"]["rows"]}
    assert states_shown == {
        "draft": 3, "withdrawn": 2, "submitted": 2, "recommended": 1, "rejected": 1, "in_progress": 1,
        "results_recommended": 1, "not_recommended": 1, "approved": 1, "awarded": 1,
    }
    # A tie: by name (乙 comes before 甲 in code point order).
    Project.objects.filter(recommender=second, state="draft").update(state="submitted")
    tables = client.get(reverse("campaigns:dashboard", args=[campaign.year])).context["tables"]
    assert [(r["label"], r["n"]) for r in tables["recommender"]["rows"]] == [("乙推荐单位", 5), ("甲推荐单位", 5)]
    Project.objects.filter(recommender=first, state="draft").update(state="submitted")
    Project.objects.filter(recommender=second, state="submitted").first().delete()
    tables = client.get(reverse("campaigns:dashboard", args=[campaign.year])).context["tables"]
    assert [(r["label"], r["n"]) for r in tables["recommender"]["rows"]] == [("甲推荐单位", 6), ("乙推荐单位", 4)]
