"""The panel screen's rows as its users read them: the draw record counts each draw's
candidates and exclusions (counted by the database, not loaded), the members show their
status and specialties, the progress table's assignment lines and recusal choices are the
markup the template wrote for them, and so are its progress rows and the rows of the projects
waiting for a panel."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from apps.core.json_lists import JSONSize
from apps.review import services
from apps.review.models import ExpertStatus, Panel, PanelDraw, ReviewAssignment, ScoringStatus

from .conftest import sign

pytestmark = pytest.mark.django_db


def test_the_draw_record_counts_candidates_and_exclusions(client, agency, make_expert, make_panel):
    panel = make_panel([make_expert() for _ in range(3)])
    PanelDraw.objects.create(
        panel=panel, kind=PanelDraw.Kind.REPLACEMENT, operator=agency, seed="s-1", requested=1,
        candidates=[11, 12, 13, 14, 15], excluded={"21": ["本人工作单位"], "22": ["跟踪指导"]}, result=[12],
    )
    PanelDraw.objects.create(
        panel=panel, kind=PanelDraw.Kind.ASSIGNMENT, operator=None, seed="s-2", requested=3,
        candidates=[], excluded={}, result=[],
    )
    client.force_login(agency)
    html = client.get(reverse("experts:panel_detail", args=[panel.pk])).content.decode()
    draws = html.split("抽取记录（2次）")[1]
    counts = re.findall(r'<td><code>(s-\d)</code></td><td class="num">(\d+)</td><td class="num">(\d+)</td>', draws)
    assert sorted(counts) == [("s-1", "5", "2"), ("s-2", "0", "0")]


def test_json_size_counts_a_list_and_an_object_and_nothing_else(agency, make_expert, make_panel):
    panel = make_panel([make_expert()])
    for seed, candidates, excluded in [("a", [1, 2, 3], {"1": [], "2": ["x"]}), ("b", [], {}), ("c", [[1, 2]], {"9": {"k": 1}})]:
        PanelDraw.objects.create(panel=panel, kind=PanelDraw.Kind.PANEL, seed=seed, requested=1, candidates=candidates, excluded=excluded)
    sizes = PanelDraw.objects.annotate(n=JSONSize("candidates"), m=JSONSize("excluded")).order_by("seed").values_list("seed", "n", "m")
    assert list(sizes) == [("a", 3, 2), ("b", 0, 0), ("c", 1, 1)]


def test_members_show_status_and_specialties_and_the_selects_list_them(client, agency, make_expert, make_panel):
    chair = make_expert("专家甲", specialties=["equipment", "petrochemical"])
    suspended = make_expert("专家乙")
    panel = make_panel([chair, suspended])
    services.set_expert_status(expert=suspended, status=ExpertStatus.SUSPENDED, actor=agency, reason="长期出差")
    outsider = make_expert("专家丙")
    client.force_login(agency)
    html = client.get(reverse("experts:panel_detail", args=[panel.pk])).content.decode()
    members = html.split("成员（组长：")[1].split("</tbody>")[0]
    assert f'<a href="/experts/pool/{suspended.pk}/">专家乙</a> <span class="status-tag recused">暂停</span>' in members
    assert f'<a href="/experts/pool/{chair.pk}/">专家甲</a> <span class="pill">组长</span></td>' in members
    assert "<td>装备制造、石油化工</td>" in members
    chair_select = html.split('id="chair-expert"')[1].split("</select>")[0]
    assert f'<option value="{chair.pk}" selected>专家甲</option>' in chair_select
    assert f'<option value="{suspended.pk}">专家乙</option>' in chair_select
    chooser = client.get(reverse("experts:panel_add_member", args=[panel.pk]), headers={"HX-Request": "true"}).content.decode()
    member_select = chooser.split('id="member-expert"')[1].split("</select>")[0]
    assert f'<option value="{outsider.pk}">专家丙</option>' in member_select
    assert f'value="{chair.pk}"' not in member_select and f'value="{suspended.pk}"' not in member_select


TEMPLATE_LINES = (
    "{% load scoring %}{% for assignment in assignments %}<div>{{ assignment.expert_name }} "
    "{{ assignment.scoring_status|status_tag }}{% if assignment.replaces_name %} <span class=\"muted\">（替换"
    "{{ assignment.replaces_name }}）</span>{% endif %}{% if not assignment.is_active %} <span class=\"muted\">"
    "{{ assignment.recusal_reason }}</span>{% endif %}</div>{% endfor %}"
)
TEMPLATE_OPTIONS = (
    "{% for assignment in assignments %}{% if assignment.is_active %}<option value=\"{{ assignment.recuse_url }}\">"
    "{{ assignment.expert_name }}</option>{% endif %}{% endfor %}"
)


def test_assignment_lines_and_recusal_options_are_what_the_template_wrote():
    assignments = [
        {"expert_name": "王<五>", "scoring_status": ScoringStatus.SUBMITTED, "replaces_name": None, "is_active": True,
         "recusal_reason": "", "recuse_url": "/experts/assignments/7/recuse/"},
        {"expert_name": "李“四”", "scoring_status": ScoringStatus.RECUSED, "replaces_name": None, "is_active": False,
         "recusal_reason": "与申报组织存在<合作>关系 & 其他", "recuse_url": "/experts/assignments/8/recuse/"},
        {"expert_name": "赵六", "scoring_status": ScoringStatus.WAITING, "replaces_name": "李“四”", "is_active": True,
         "recusal_reason": "", "recuse_url": '/x/"><script>/'},
        {"expert_name": "钱七", "scoring_status": ScoringStatus.DRAFT, "replaces_name": "", "is_active": True,
         "recusal_reason": "", "recuse_url": "/experts/assignments/10/recuse/"},
    ]
    context = Context({"assignments": assignments})
    lines = Template("{% load scoring %}{{ assignments|assignment_lines }}").render(context)
    assert lines == Template(TEMPLATE_LINES).render(context)
    assert lines.startswith('<div>王&lt;五&gt; <span class="status-tag submitted">已提交</span></div>')
    assert '<div>赵六 <span class="status-tag">待评分</span> <span class="muted">（替换李“四”）</span></div>' in lines
    options = Template("{% load scoring %}{{ assignments|recusal_options }}").render(context)
    assert options == Template(TEMPLATE_OPTIONS).render(context)
    assert options.count("<option") == 3 and "<script>" not in options


def test_the_progress_table_lists_assignments_and_recusal_choices(client, agency, make_expert, make_project, make_panel, small_campaign):
    experts = [make_expert(f"专家{name}") for name in "甲乙丙丁"]
    for expert in experts:
        sign(expert, small_campaign)
    panel = make_panel(experts[:3])
    project = make_project()
    services.assign_projects(panel=panel, projects=[project], actor=agency)
    recused = ReviewAssignment.objects.get(project=project, expert=experts[1])
    replacement = services.recuse(assignment=recused, actor=agency, reason="与申报组织存在合作关系")
    client.force_login(agency)
    html = client.get(reverse("experts:panel_detail", args=[panel.pk])).content.decode()
    row = html.split("评审进度（1个项目）")[1].split("</tr>")[1]
    assert '<div>专家乙 <span class="status-tag recused">已回避</span> <span class="muted">与申报组织存在合作关系</span></div>' in row
    assert '<div>专家丁 <span class="status-tag">待评分</span> <span class="muted">（替换专家乙）</span></div>' in row
    select = row.split('<select aria-label="回避专家">')[1].split("</select>")[0]
    active = ReviewAssignment.objects.filter(project=project, status=ReviewAssignment.Status.ACTIVE).order_by("pk")
    assert select == "".join(f'<option value="/experts/assignments/{a.pk}/recuse/">{a.expert.name}</option>' for a in active)
    assert replacement.pk in [a.pk for a in active] and recused.pk not in [a.pk for a in active]


TEMPLATE_CONTROLS = (
    "{% load scoring %}{% if row.n < scorers %}<form method=\"post\" action=\"{{ row.top_up_url }}\" class=\"mt-6\">"
    "{% csrf_token %}<input type=\"hidden\" name=\"page\" value=\"{{ page }}\"><button class=\"btn small warning\" "
    "type=\"submit\">补抽至{{ scorers }}人</button></form>{% endif %}\n"
    "          <details class=\"mt-6 text-left\"><summary class=\"muted\">代为回避</summary>\n"
    "            <form method=\"post\" class=\"inline-form\" action=\"\" data-action-from-select>{% csrf_token %}"
    "<input type=\"hidden\" name=\"page\" value=\"{{ page }}\">\n"
    "              <select aria-label=\"回避专家\">{{ row.assignments|recusal_options }}</select>\n"
    "              <input type=\"text\" name=\"reason\" placeholder=\"回避理由\" required maxlength=\"300\" aria-label=\"回避理由\">\n"
    "              <button class=\"btn small danger\" type=\"submit\">回避</button>\n"
    "            </form></details>"
)


@pytest.mark.parametrize("n", [2, 3])
def test_the_recusal_controls_are_what_the_template_wrote(n):
    row = {
        "n": n,
        "top_up_url": "/experts/panels/4/projects/9/top-up/",
        "assignments": [
            {"expert_name": "王五", "is_active": True, "recuse_url": "/experts/assignments/7/recuse/"},
            {"expert_name": "李四", "is_active": False, "recuse_url": "/experts/assignments/8/recuse/"},
        ],
    }
    context = Context({"row": row, "page": 2, "scorers": 3, "csrf_token": "tok<en>"})
    html = Template("{% load scoring %}{% recusal_controls row page scorers %}").render(context)
    assert html == Template(TEMPLATE_CONTROLS).render(context)
    assert html.count('name="csrfmiddlewaretoken" value="tok&lt;en&gt;"') == (2 if n < 3 else 1)
    assert ("补抽至3人" in html) == (n < 3)
    assert html.count('<input type="hidden" name="page" value="2">') == (2 if n < 3 else 1)
    assert '<option value="/experts/assignments/7/recuse/">王五</option></select>' in html


def test_a_project_short_of_scorers_offers_the_top_up_on_its_page(client, agency, make_expert, make_project, make_panel, small_campaign):
    experts = [make_expert(f"专家{name}") for name in "甲乙丙"]
    for expert in experts:
        sign(expert, small_campaign)
    panel = make_panel(experts)
    project = make_project()
    services.assign_projects(panel=panel, projects=[project], actor=agency)
    recused = ReviewAssignment.objects.filter(project=project).first()
    assert services.recuse(assignment=recused, actor=agency, reason="本人工作单位") is None  # nobody left to draw
    client.force_login(agency)
    html = client.get(reverse("experts:panel_detail", args=[panel.pk])).content.decode()
    row = html.split("评审进度（1个项目）")[1].split("</tr>")[1]
    top_up = reverse("experts:project_top_up", args=[panel.pk, project.pk])
    assert f'<form method="post" action="{top_up}" class="mt-6"><input type="hidden" name="csrfmiddlewaretoken" value="' in row
    assert '<input type="hidden" name="page" value="1"><button class="btn small warning" type="submit">补抽至3人</button></form>' in row


# The progress row and the waiting project's row as the panel screen's template wrote them
# before progress_row and waiting_row (the same markup, the row's line breaks left out).
TEMPLATE_PROGRESS_ROW = (
    "{% load l10n scoring %}{% localize off %}<tr><td><a href=\"{{ row.scores_url }}\">{{ row.title }}</a><div class=\"muted\">"
    "{{ row.number }}</div></td><td>{{ row.organization_name }}</td><td>{{ row.assignments|assignment_lines }}</td>"
    "<td class=\"num\">{{ row.done }} / {{ row.n }}{% if operate and is_open %}\n"
    "{% recusal_controls row page scorers %}{% endif %}</td></tr>{% endlocalize %}"
)
TEMPLATE_WAITING_ROW = (
    "{% localize off %}<tr><td><input type=\"checkbox\" name=\"project\" value=\"{{ project.pk }}\" id=\"proj-{{ project.pk }}\"></td>"
    "<td><label for=\"proj-{{ project.pk }}\" class=\"plain m-0\">{{ project.title }}</label>{% if project.matches and specialty %} "
    "<span class=\"pill\">本组专业</span>{% endif %}</td><td>{{ project.organization__name }}</td><td>{{ project.industry_label }}</td>"
    "</tr>{% endlocalize %}"
)


@pytest.mark.parametrize("operate,is_open,n", [(True, True, 2), (True, True, 3), (True, False, 2), (False, True, 2)])
def test_the_progress_row_is_what_the_template_wrote(operate, is_open, n):
    row = {
        "scores_url": '/experts/projects/12345/scores/"><script>', "title": "项目<甲> & “乙”", "number": "2026-12345",
        "organization_name": "天津<某>有限公司", "done": 1, "n": n, "top_up_url": "/experts/panels/4/projects/12345/top-up/",
        "assignments": [
            {"expert_name": "王<五>", "scoring_status": ScoringStatus.SUBMITTED, "replaces_name": None, "is_active": True,
             "recusal_reason": "", "recuse_url": "/experts/assignments/7/recuse/"},
            {"expert_name": "李四", "scoring_status": ScoringStatus.RECUSED, "replaces_name": None, "is_active": False,
             "recusal_reason": "本人工作单位", "recuse_url": "/experts/assignments/8/recuse/"},
        ],
    }
    context = Context({"row": row, "page": 2, "scorers": 3, "operate": operate, "is_open": is_open, "csrf_token": "tok<en>"})
    html = Template("{% load review_rows %}{% progress_row row page scorers operate is_open %}").render(context)
    assert html == Template(TEMPLATE_PROGRESS_ROW).render(context)
    assert "<script>" not in html and ("代为回避" in html) == (operate and is_open)


@pytest.mark.parametrize("matches,specialty", [(True, "equipment"), (True, ""), (False, "equipment")])
def test_the_waiting_row_is_what_the_template_wrote(matches, specialty):
    project = {"pk": 1234567, "title": "项目<甲> & “乙”", "organization__name": "天津<某>公司", "industry_label": "装备制造", "matches": matches}
    context = Context({"project": project, "specialty": specialty})
    html = Template("{% load review_rows %}{{ project|waiting_row:specialty }}").render(context)
    assert html == Template("{% load l10n %}" + TEMPLATE_WAITING_ROW).render(context)
    assert ("本组专业" in html) == (matches and bool(specialty)) and 'id="proj-1234567"' in html


TEMPLATE_MEMBER_ROWS = (
    "{% load l10n rows %}{% localize off %}{% for member in members %}<tr><td><a href=\"{% row_url 'experts:expert_detail' member.pk %}\">"
    "{{ member.name }}</a>{% if member.pk == chair_id %} <span class=\"pill\">组长</span>{% endif %}{% if not member.is_active %} "
    "<span class=\"status-tag recused\">{{ member.status_label }}</span>{% endif %}</td><td>{{ member.employer_name }}</td>"
    "<td>{{ member.specialties_label }}</td><td class=\"num\">{{ member.load }}</td><td class=\"num\">{{ member.done }}</td></tr>"
    "{% endfor %}{% endlocalize %}"
)


@pytest.mark.parametrize("chair_id", [None, 21, 1234567])
def test_the_member_rows_are_what_the_template_wrote(chair_id):
    members = [
        {"pk": 21, "name": "王<五>", "employer_name": "天津<某>公司 & 研究院", "specialties_label": "装备制造、化工",
         "load": 1234, "done": 0, "is_active": True, "status_label": "在库"},
        {"pk": 1234567, "name": "李“四”", "employer_name": "", "specialties_label": "",
         "load": 0, "done": 3, "is_active": False, "status_label": "暂停<使用>"},
    ]
    context = Context({"members": members, "chair_id": chair_id})
    html = Template("{% load review_rows %}{{ members|member_rows:chair_id }}").render(context)
    assert html == Template(TEMPLATE_MEMBER_ROWS).render(context)
    assert html.count("组长") == (chair_id is not None) and "<五>" not in html and 'href="/experts/pool/21/"' in html


@pytest.mark.parametrize("with_chair", [True, False])
def test_the_screen_reads_the_panel_its_campaign_its_chair_and_its_counts(client, agency, make_expert, make_project, make_panel, with_chair):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.review import selectors

    experts = [make_expert() for _ in range(3)]
    panel = make_panel(experts)
    if not with_chair:
        panel.chair = None
        panel.save()
    services.assign_projects(panel=panel, projects=[make_project(), make_project()], actor=agency)
    make_project()
    expected = selectors.with_screen_counts(Panel.objects.select_related("campaign", "chair")).get(pk=panel.pk)
    with CaptureQueriesContext(connection) as queries:
        screen = selectors.screen_panel(panel.pk)
        seen = (
            screen.pk, screen.name, screen.specialty, screen.status, screen.chair_id, screen.is_open,
            screen.campaign.pk, screen.campaign.year, screen.campaign.scorers_per_project, screen.chair and screen.chair.name,
            screen.n_projects, screen.n_draws, screen.n_gaps, screen.n_unassigned,
        )
    assert len(queries.captured_queries) == 1
    assert seen == (
        expected.pk, expected.name, expected.specialty, expected.status, expected.chair_id, expected.is_open,
        expected.campaign.pk, expected.campaign.year, expected.campaign.scorers_per_project, expected.chair and expected.chair.name,
        expected.n_projects, expected.n_draws, expected.n_gaps, expected.n_unassigned,
    )
    assert (screen.n_projects, screen.n_unassigned) == (2, 1)
    assert selectors.screen_panel(panel.pk + 1000) is None
    client.force_login(agency)
    assert client.get(reverse("experts:panel_detail", args=[panel.pk + 1000])).status_code == 404


def test_a_panel_key_beyond_the_columns_range_is_not_found(client, agency):
    from apps.review import selectors

    assert selectors.screen_panel(10**20) is None
    client.force_login(agency)
    assert client.get(reverse("experts:panel_detail", args=[10**20])).status_code == 404


def test_each_page_of_the_progress_and_the_waiting_lists_shows_its_own_projects(client, agency, make_expert, make_project, make_panel, monkeypatch):
    from apps.office.views.review import panels as views

    monkeypatch.setattr(views, "PROGRESS_PAGE_SIZE", 2)
    monkeypatch.setattr(views, "UNASSIGNED_PAGE_SIZE", 2)
    panel = make_panel([make_expert() for _ in range(3)])
    assigned = [make_project() for _ in range(3)]
    services.assign_projects(panel=panel, projects=assigned, actor=agency)
    waiting = [make_project() for _ in range(3)]
    client.force_login(agency)
    url = reverse("experts:panel_detail", args=[panel.pk])
    for query, progress, unassigned in [("", assigned[:2], waiting[:2]), ("?page=2&unassigned_page=2", assigned[2:], waiting[2:])]:
        html = client.get(url + query).content.decode()
        table = html.split("评审进度（3个项目）")[1].split("</tbody>")[0]
        shown = [int(pk) for pk in re.findall(r'href="/experts/projects/(\d+)/scores/"', table)]
        assert shown == [project.pk for project in progress]
        ticks = [int(pk) for pk in re.findall(r'name="project" value="(\d+)"', html)]
        assert ticks == [project.pk for project in unassigned]
