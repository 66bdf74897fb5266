"""Panels (评审组): random formation, assignment with automatic recusal, progress, draws."""

import rules
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from apps.organizations.choices import Industry
from apps.projects.models import Project

from apps.review import draw as draws
from apps.review import selectors, services
from apps.common.forms import ReasonForm
from apps.common.htmx import part_or_page
from apps.common.links import link_for_each
from apps.office.forms.review import AddMemberForm, ChairForm, PanelForm
from apps.review.models import Expert, Panel, PanelDraw, ReviewAssignment, ReviewAuditEvent, Score
from apps.common.access import agency_required, staff_required
from apps.common.pagination import paginate
from apps.common.review_access import selected_campaign


@staff_required
def panel_list(request):
    campaign = selected_campaign(request)
    form = PanelForm(request.POST or None, initial={"size": (campaign.scorers_per_project + 2) if campaign else 7})
    if request.method == "POST":
        if not rules.has_perm("review.operate", request.user):
            messages.error(request, "只有第三方机构可以组建评审组（第五条(二)）。")
            return redirect("experts:panel_list")
        if campaign is None:
            form.add_error(None, "尚无年度工作方案。")
        elif form.is_valid():
            try:
                panel = services.form_panel(campaign=campaign, actor=request.user, **form.cleaned_data)
            except services.ReviewRefused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"已随机抽取{panel.members.count()}名专家组成“{panel.name}”。")
                return redirect("experts:panel_detail", pk=panel.pk)
    panels = selectors.panel_rows(campaign) if campaign else []
    detail_link = link_for_each("experts:panel_detail")
    for panel in panels:
        panel["url"] = detail_link(panel["pk"])
    return render(
        request,
        "office/experts/panel_list.html",
        {
            "campaign": campaign,
            "panels": panels,
            "form": form,
            "unassigned": selectors.unassigned_projects(campaign).count() if campaign else 0,
        },
    )


# Pages of the panel screen's lists (capped by TJQA_MAX_PAGE_SIZE); each list pages on its own
# parameter, so with the members the screen stays near a hundred rows.
PROGRESS_PAGE_SIZE = 25
UNASSIGNED_PAGE_SIZE = 25
GAPS_PAGE_SIZE = 10
DRAWS_PAGE_SIZE = 15


@staff_required
def panel_detail(request, pk):
    panel = selectors.screen_panel(pk)
    if panel is None:
        raise Http404("No Panel matches the given query.")
    campaign = panel.campaign
    members = selectors.panel_members(panel)
    # The progress table is paged by project, so each project's assignments (and its top-up
    # and recusal controls) stay together on one page. Both lists are paged by their counts
    # (the rows' positions): the selectors read a page's rows by its number and size.
    progress = paginate(request, range(panel.n_projects), per_page=PROGRESS_PAGE_SIZE)
    project_rows = selectors.panel_progress(panel, progress) if panel.n_projects else []
    scores_link, recuse_link = link_for_each("experts:project_scores"), link_for_each("experts:assignment_recuse")
    top_up_link = link_for_each("experts:project_top_up", panel.pk)
    for row in project_rows:
        row["scores_url"], row["top_up_url"] = scores_link(row["pk"]), top_up_link(row["pk"])
        for assignment in row["assignments"]:
            assignment["recuse_url"] = recuse_link(assignment["pk"])
    unassigned = (
        paginate(request, range(panel.n_unassigned), per_page=UNASSIGNED_PAGE_SIZE, param="unassigned_page")
        if panel.is_open
        else None
    )
    unassigned_rows = (
        selectors.unassigned_project_rows(campaign, unassigned) if unassigned is not None and unassigned.paginator.count else []
    )
    industries = dict(Industry.choices)
    for project in unassigned_rows:
        industry = project["organization__industry"]
        project["industry_label"] = industries.get(industry, industry)
        project["matches"] = not panel.specialty or industry == panel.specialty
    return render(
        request,
        "office/experts/panel_detail.html",
        {
            "panel": panel,
            "campaign": campaign,
            "members": members,
            "progress": progress,
            "project_rows": project_rows,
            "unassigned": unassigned,
            "unassigned_rows": unassigned_rows,
            # An empty list is not built at all: a queryset, even an empty one, took longer to
            # build and to go through than the page of nothing.
            "draws": paginate(
                request, selectors.panel_draws(panel) if panel.n_draws else [],
                per_page=DRAWS_PAGE_SIZE, param="draws_page", count=panel.n_draws,
            ),
            "gaps": paginate(
                request, selectors.recusal_gaps(campaign, panel=panel) if panel.n_gaps else [],
                per_page=GAPS_PAGE_SIZE, param="gaps_page", count=panel.n_gaps,
            ),
            # The chair's select of the members; the pool's (补充成员) is read when it is opened
            # (panel_add_member). Its own id, so its label names it.
            "chair_form": ChairForm(panel=panel, members=members, initial={"expert": panel.chair_id}, auto_id="chair-%s"),
        },
    )


@agency_required
@require_POST
def panel_assign(request, pk):
    panel = get_object_or_404(Panel.objects.select_related("campaign"), pk=pk)
    ids = [int(x) for x in request.POST.getlist("project") if x.isdigit()]
    if not ids:
        messages.error(request, "请勾选要分配的项目。")
        return redirect("experts:panel_detail", pk=pk)
    try:
        assigned, refused = services.assign_projects(
            panel=panel, projects=Project.objects.filter(pk__in=ids, campaign=panel.campaign), actor=request.user
        )
    except services.ReviewRefused as exc:
        messages.error(request, exc.message)
        return redirect("experts:panel_detail", pk=pk)
    if assigned:
        messages.success(
            request, f"已为{len(assigned)}个项目各随机抽取{panel.campaign.scorers_per_project}名评审专家（已自动回避，第二十二条）。"
        )
    for message in refused.values():
        messages.error(request, message)
    return redirect("experts:panel_detail", pk=pk)


def _panel_expert_action(request, pk, form_class, act, done, invalid):
    """A POST naming one expert of the panel's pool (chair, added member): the form checks the
    choice, the service decides (第二十二条), the screen says what happened."""
    panel = get_object_or_404(Panel, pk=pk)
    form = form_class(request.POST, panel=panel)
    if form.is_valid():
        expert = form.cleaned_data["expert"]
        try:
            act(panel=panel, expert=expert, actor=request.user)
            messages.success(request, done.format(name=expert.name))
        except services.ReviewRefused as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, invalid)
    return redirect("experts:panel_detail", pk=pk)


@agency_required
@require_POST
def panel_chair(request, pk):
    return _panel_expert_action(request, pk, ChairForm, services.set_chair, "已指定{name}为组长。", "组长须为本评审组成员。")


@agency_required
@require_http_methods(["GET", "POST"])
def panel_add_member(request, pk):
    """补充成员: a POST adds the chosen expert (services.add_panel_member decides). A GET reads
    the choice of the active pool less the members, hundreds of names, only when the agency
    opens it from the panel screen: the form alone for htmx, which puts it in place of the
    link, or a page of its own where JavaScript is off. Listing the pool on every view of the
    screen cost a quarter of its page and time."""
    if request.method == "POST":
        return _panel_expert_action(
            request, pk, AddMemberForm, services.add_panel_member, "已补充{name}为评审组成员。", "请选择在库专家。"
        )
    panel = get_object_or_404(Panel.objects.only("name", "status"), pk=pk)
    context = {"panel": panel, "member_form": AddMemberForm(panel=panel, auto_id="member-%s")}
    return part_or_page(request, "office/experts/partials/add_member.html", "office/experts/panel_add_member.html", context)


@staff_required
def draw_detail(request, pk):
    record = get_object_or_404(PanelDraw.objects.select_related("panel", "operator", "project"), pk=pk)
    ids = {candidate["id"] for candidate in record.candidates} | set(record.result) | {int(k) for k in record.excluded}
    names = dict(Expert.objects.filter(pk__in=ids).values_list("pk", "name"))
    replayed = draws.replay(record)
    return render(
        request,
        "office/experts/draw_detail.html",
        {
            "record": record,
            "candidates": [{"name": names.get(candidate["id"], candidate["id"]), "load": candidate.get("load", 0), "id": candidate["id"]} for candidate in record.candidates],
            "excluded": [{"name": names.get(int(k), k), "reasons": v} for k, v in record.excluded.items()],
            "result": [names.get(i, i) for i in record.result],
            "reproducible": replayed == record.result,
        },
    )


@agency_required
@require_POST
def score_reopen(request, pk):
    score = get_object_or_404(Score, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "退回评分须填写理由。")
    else:
        try:
            services.reopen_score(score=score, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, "已退回该评分，专家可修改后重新提交。")
        except services.ReviewRefused as exc:
            messages.error(request, exc.message)
    return redirect("experts:score_detail", pk=pk)


def _back_to_panel(request, pk):
    """The panel screen, on the page of its progress table the form was sent from."""
    page = request.POST.get("page", "")
    url = reverse("experts:panel_detail", args=[pk])
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@staff_required
def audit_trail(request):
    project_id = request.GET.get("project", "")
    action = request.GET.get("action", "")
    project = Project.objects.filter(pk=project_id).first() if project_id.isdigit() else None
    qs = selectors.audit_events(project=project, action=action)
    page = paginate(request, qs, per_page=100)
    return render(
        request,
        "office/experts/audit.html",
        {
            "page": page,
            "events": selectors.audit_event_rows(page.object_list),
            "project": project,
            "action": action,
            "actions": ReviewAuditEvent.Action.choices,
        },
    )


@agency_required
@require_POST
def assignment_recuse(request, pk):
    """The agency records a recusal for an expert (e.g. one reported by phone, or suspended)."""
    assignment = get_object_or_404(ReviewAssignment.objects.select_related("panel", "expert"), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "代为回避须填写理由（第二十二条）。")
    else:
        try:
            new = services.recuse(assignment=assignment, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(
                request,
                f"{assignment.expert.name}已回避（第二十二条）" + (f"，已补抽{new.expert.name}。" if new else "；暂无可补抽的专家，请补充成员后补抽。"),
            )
        except services.ReviewRefused as exc:
            messages.error(request, exc.message)
    return _back_to_panel(request, assignment.panel_id)


@agency_required
@require_POST
def project_top_up(request, pk, project_pk):
    panel = get_object_or_404(Panel.objects.select_related("campaign"), pk=pk)
    project = get_object_or_404(Project, pk=project_pk)
    try:
        drawn = services.top_up(panel=panel, project=project, actor=request.user)
        messages.success(request, f"已补抽{'、'.join(assignment.expert.name for assignment in drawn)}（第二十二条回避规则同样适用）。")
    except services.ReviewRefused as exc:
        messages.error(request, exc.message)
    return _back_to_panel(request, pk)
