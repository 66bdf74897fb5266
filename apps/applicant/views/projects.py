"""The applicant's screens: the guided PDCA application form (第七条) and the results material
(第十四条)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from apps.campaigns.models import Campaign
from apps.applicant.forms.projects import ActualFormSet, ApplicationForm, MetricFormSet, NewTeamFormSet, ResultsForm, TeamFormSet, team_initial
from apps.common.project_access import project_or_404
from apps.projects import editing
from apps.projects import rules as project_rules
from apps.projects.choices import AttachmentKind

def _formsets(request, project, *, new):
    data = request.POST if request.method == "POST" else None
    metrics = MetricFormSet(data, instance=project, prefix="metrics")
    # A draft saved without a team gets the row for each 第十二条 role again, like a new one.
    if new or not project.team_members.exists():
        team = NewTeamFormSet(data, instance=project, prefix="team", initial=team_initial())
    else:
        team = TeamFormSet(data, instance=project, prefix="team")
    return metrics, team


def _application_page(request, project, *, campaign):
    new = project.pk is None
    attachments = [] if new else list(project.attachments.filter(kind=AttachmentKind.APPLICATION))
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, instance=project, attachments=attachments)
        metrics, team = _formsets(request, project, new=new)
        if form.is_valid() and metrics.is_valid() and team.is_valid():
            try:
                project = editing.save_application(
                    project=None if new else project,
                    form=form,
                    metrics=metrics,
                    team=team,
                    files=form.cleaned_data["files"],
                    remove_attachments=form.cleaned_data["remove_attachments"],
                    actor=request.user,
                    campaign=campaign,
                    expected_version=request.POST.get("version") or None,
                )
            except editing.EditRefused as exc:
                messages.error(request, exc.message)
                if exc.code != "conflict":
                    return redirect("projects:detail", pk=project.pk)
                return _render_application(request, project, campaign, form, metrics, team, attachments)
            messages.success(request, "申报材料已保存（草稿）。检查无误后可在项目页面提交。")
            if request.POST.get("then") == "stay":
                return redirect("projects:edit", pk=project.pk)
            return redirect("projects:detail", pk=project.pk)
        messages.error(request, "有填写内容需要修改，请查看标红的项目。您已填写的内容均已保留（附件需重新选择）。")
    else:
        form = ApplicationForm(instance=project, attachments=attachments, initial={"benefit_areas": project.benefit_areas})
        metrics, team = _formsets(request, project, new=new)
    return _render_application(request, project, campaign, form, metrics, team, attachments)


def _render_application(request, project, campaign, form, metrics, team, attachments):
    ban = request.user.organization.active_ban() if request.user.organization_id else None
    return render(
        request,
        "applicant/projects/application_form.html",
        {
            "project": project,
            "campaign": campaign,
            "form": form,
            "metrics": metrics,
            "team": team,
            "attachments": attachments,
            "ban": ban,
            "new": project.pk is None,
            "version": request.POST.get("version") if request.method == "POST" else editing.version_of(project),
            # 第七条/第九条: what the saved draft still lacks before it can be submitted.
            "missing": project_rules.application_complete.problems(project) if project.pk else [],
        },
    )


@login_required
def project_create(request):
    """Start a new application (a draft) under the current published work plan (第八条)."""
    user = request.user
    if not rules.has_perm("projects.create", user):
        raise PermissionDenied("只有已登记申报组织的用户可以填写申报。")
    campaign = Campaign.objects.current()
    if campaign is None:
        messages.error(request, "根据第八条，本年度工作方案尚未发布，暂不能申报。")
        return redirect("projects:list")
    from apps.projects.models import Project

    project = Project(campaign=campaign, organization=user.organization, created_by=user)
    return _application_page(request, project, campaign=campaign)


@login_required
def project_edit(request, pk):
    project = project_or_404(request.user, pk)
    if not editing.can_edit_application(project, request.user):
        if not editing.applicant_of_project(request.user, project):
            raise PermissionDenied("您无权修改该项目。")
        messages.error(request, editing.NOT_EDITABLE.format(state=project.get_state_display()))
        return redirect("projects:detail", pk=pk)
    return _application_page(request, project, campaign=project.campaign)


@login_required
def results_edit(request, pk):
    """第十四条: the measured value beside each target, the results summary and attachments."""
    project = project_or_404(request.user, pk)
    if not editing.can_edit_results(project, request.user):
        if not editing.applicant_of_project(request.user, project):
            raise PermissionDenied("您无权修改该项目。")
        messages.error(request, editing.RESULTS_NOT_EDITABLE.format(state=project.get_state_display()))
        return redirect("projects:detail", pk=pk)
    attachments = list(project.attachments.filter(kind=AttachmentKind.RESULTS))
    data = request.POST if request.method == "POST" else None
    form = ResultsForm(data, request.FILES if data is not None else None, instance=project, attachments=attachments)
    metrics = ActualFormSet(data, instance=project, prefix="metrics")
    if request.method == "POST":
        if form.is_valid() and metrics.is_valid():
            try:
                editing.save_results(
                    project=project,
                    form=form,
                    metrics=metrics,
                    files=form.cleaned_data["files"],
                    remove_attachments=form.cleaned_data["remove_attachments"],
                    actor=request.user,
                    expected_version=request.POST.get("version") or None,
                )
            except editing.EditRefused as exc:
                messages.error(request, exc.message)
                if exc.code != "conflict":
                    return redirect("projects:detail", pk=pk)
                return render(
                    request,
                    "applicant/projects/results_form.html",
                    {"project": project, "form": form, "metrics": metrics, "attachments": attachments, "version": request.POST.get("version")},
                )
            messages.success(request, "成果材料已保存。填写完整后可在项目页面提交成果材料（第十四条）。")
            return redirect("projects:detail", pk=pk)
        messages.error(request, "有填写内容需要修改，请查看标红的项目。您已填写的内容均已保留（附件需重新选择）。")
    return render(
        request,
        "applicant/projects/results_form.html",
        {"project": project, "form": form, "metrics": metrics, "attachments": attachments, "version": editing.version_of(project)},
    )
