"""The project page: everything about one project, its timeline, the actions the user may take
(through :func:`apps.projects.services.transition`), and permission-checked downloads."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from apps.awards.feedback import feedback_for
from apps.projects import documents, editing, scope_changes, similarity, stamped, versions
from apps.workspace.forms import StampedScanForm, SubmissionForm, TransitionForm
from apps.projects.models import AUTHENTICITY_COMMITMENT, COMMITMENT_PHASE, Attachment
from apps.projects.selectors import commitments_shown, last_return, log_of, pdca_sections, timeline
from apps.projects.services import TransitionRefused, allowed_transitions, transition
from apps.projects.states import State
from apps.projects.workflow import TRANSITION_NAMES, transition_meta
from apps.common.htmx import part_or_page
from apps.common.project_access import project_or_404

# On the project page the recommender is sent to its verification screen for these (第十条,
# 第十五条): they need the checklist and the side-by-side comparison.
RECOMMENDER_SCREEN = {"recommend", "decline", "return_to_applicant", "recommend_results", "decline_results", "return_results"}


def extras_for(project, user):
    """Panels other apps contribute to the project page (training attendance, tracking visits):
    the page shows their headings; :func:`project_panel` serves their rows when one is opened."""
    try:
        from apps.training import selectors as training
    except ImportError:  # pragma: no cover - the training app is optional
        return {}
    panel = getattr(training, "project_panel", None)
    return panel(project, user) if panel else {}


@login_required
def project_detail(request, pk):
    project = project_or_404(request.user, pk, full=True)
    user = request.user
    allowed = allowed_transitions(project, user)
    to_screen = rules.has_perm("accounts.recommender", user) and any(action.name in RECOMMENDER_SCREEN for action in allowed)
    # The buttons fire through the generic action URL: only what needs nothing but a comment.
    actions = [action for action in allowed if action.via_action_url]
    # 第二十一条: a submission goes through the submission screen, with the commitment.
    submissions = [action for action in allowed if action.name in COMMITMENT_PHASE]
    if to_screen:
        actions = [action for action in actions if action.name not in RECOMMENDER_SCREEN]
    # The duplicate check and the log are read once, with the project (project_or_404(full=True)).
    fingerprint = similarity.fingerprint_shown(project)
    check = fingerprint if project.state != State.DRAFT else None
    log = log_of(project)
    warnings = similarity.stored_warnings(check)
    warnings = _labelled(user, [(w["project"], w["number"], w["title"], w["score"]) for w in warnings])
    metrics = list(project.metrics.all())
    can_edit = editing.can_edit_application(project, user)
    context = {
        "project": project,
        "metrics": metrics,
        "team": list(project.team_members.all()),
        "application_files": [attachment for attachment in project.attachments.all() if attachment.kind == "application"],
        "results_files": [attachment for attachment in project.attachments.all() if attachment.kind == "results"],
        "timeline": timeline(project, log=log, check=fingerprint),
        # 第九条: why it came back, and a unit outside the organisation's scope to be changed.
        "returned": last_return(project, log),
        "scope_notice": scope_changes.scope_notice(project) if can_edit else None,
        "outside_scope": scope_changes.outside_scope_notice(project),
        "similarity_pending": check is not None and check.pending,
        "actions": actions,
        "submissions": submissions,
        "commitments": commitments_shown(project, log),
        "to_recommender_screen": to_screen,
        "can_edit": can_edit,
        "can_edit_results": editing.can_edit_results(project, user),
        "similar": warnings,
        "show_results": any(metric.actual is not None for metric in metrics) or project.results_summary,
        "has_results": documents.has_results(project),
        "stamped": _stamped(project, user),
        "extras": extras_for(project, user),
        "pdca": pdca_sections(project),
        "missing": _missing(project, submissions),
        "resubmission": versions.changes_since_previous_submission(project, log) if _sees_changes(user) else None,
        # 第二十三条: the organisation's own review feedback, once the list is announced.
        "feedback": feedback_for(project) if rules.has_perm("accounts.applicant", user) and user.organization_id == project.organization_id else None,
    }
    return render(request, "workspace/projects/project_detail.html", context)


@login_required
def project_panel(request, pk, name):
    """One panel of the project page (第十二条 training, 第十三条 tracking), read when its
    link is opened: the rows alone for htmx, which puts them under the panel's heading in
    place, or a page of its own where JavaScript is off. Whoever may see the project and its
    page's panel may open it; anyone else gets a 404."""
    project = project_or_404(request.user, pk)
    panel = next((panel for panel in extras_for(project, request.user).get("panels", []) if panel["name"] == name), None)
    if panel is None:
        raise Http404("没有这个栏目")
    return part_or_page(request, panel["body"], "workspace/projects/project_panel.html", {"project": project, "panels": [panel]})


def _stamped(project, user):
    """The stamped scans, each with its upload form where the organisation may upload one now."""
    groups = stamped.overview(project.attachments.all())
    for group in groups:
        may = stamped.may_upload(project, user, group["stage"])
        group["form"] = StampedScanForm(prefix=f"stamped-{group['stage']}", accept=stamped.ACCEPT_ATTRIBUTE) if may else None
    return [group for group in groups if group["current"] or group["form"]]


def _sees_changes(user):
    """The recommending unit and the programme office compare a resubmission with the previous one."""
    return rules.has_perm("accounts.recommender", user) or rules.has_perm("accounts.programme_staff", user)


def _missing(project, actions):
    """What still stops the submission (第七条, 第九条), shown before the applicant presses it."""
    from apps.projects import rules

    names = {action.name for action in actions}
    if names & {"submit", "resubmit"}:
        return rules.application_complete.problems(project)
    if "submit_results" in names:
        return rules.results_complete.problems(project)
    return []


def _back(request, project):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("projects:detail", pk=project.pk)


@require_POST
@login_required
def project_act(request, pk):
    """Fire one transition; a refusal (also 已被他人处理) shows its message."""
    project = project_or_404(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "操作请求不完整，请刷新页面后重试。")
        return _back(request, project)
    name = form.cleaned_data["name"]
    if name in RECOMMENDER_SCREEN and rules.has_perm("accounts.recommender", request.user):
        # 第十条/第十五条: the recommender decides on its verification screen, with the checklist.
        messages.error(request, "请在推荐单位审核页面完成核查清单后办理（第十条、第十五条）。")
        return redirect("recommenders:review", pk=project.pk)
    edge = transition_meta(name) if name in TRANSITION_NAMES else None
    if name in COMMITMENT_PHASE:
        messages.error(request, f"“{edge.label}”须在提交页面阅读承诺书并勾选确认（第二十一条）。")
        return redirect("projects:submit", pk=project.pk)
    if edge is not None and not edge.via_action_url:
        # What needs more than a comment is done on its own screen or by its service, whose
        # data the transition door then insists on.
        messages.error(request, f"“{edge.label}”不能在项目页直接办理：须有{edge.needs}。")
        return _back(request, project)
    try:
        transition(
            project=project,
            name=name,
            actor=request.user,
            comment=form.cleaned_data["comment"],
            expected_state=form.cleaned_data["expected_state"],
        )
    except TransitionRefused as exc:
        messages.error(request, exc.message)
        return _back(request, project)
    messages.success(request, f"已完成：{project.get_state_display()}。")
    if name in ("submit", "resubmit"):
        warn_similar(request, project)
    return _back(request, project)


@login_required
def project_submit(request, pk):
    """Submit the application, resubmit it, or submit the results (第九条, 第十四条): the page
    shows the authenticity commitment (第二十一条) and a box the applicant ticks; the
    transition door records it. A form without the box ticked comes back with what was typed."""
    project = project_or_404(request.user, pk)
    submission = next((action for action in allowed_transitions(project, request.user) if action.name in COMMITMENT_PHASE), None)
    if submission is None:
        messages.error(request, "该项目当前没有需要您提交的材料。")
        return redirect("projects:detail", pk=project.pk)
    form = SubmissionForm(request.POST or None, initial={"expected_state": project.state})
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            transition(
                project=project,
                name=submission.name,
                actor=request.user,
                comment=form.cleaned_data["comment"],
                expected_state=form.cleaned_data["expected_state"],
                commitment=form.cleaned_data["commitment"],
            )
        except TransitionRefused as exc:
            refused = exc.message
        else:
            messages.success(request, f"已完成：{project.get_state_display()}。")
            if submission.name in ("submit", "resubmit"):
                warn_similar(request, project)
            return redirect("projects:detail", pk=project.pk)
    context = {
        "project": project,
        "submission": submission,
        "commitment_text": AUTHENTICITY_COMMITMENT[COMMITMENT_PHASE[submission.name]],
        "form": form,
        "refused": refused,
        "missing": _missing(project, [submission]),
    }
    return render(request, "workspace/projects/submit.html", context)


def _labelled(user, matches):
    """第二十三条 (confidentiality): the applicant learns the number and title of a similar
    project only when it may see it or the project is in a published plan (第十一条); of
    another organisation's pending application it learns only that one exists."""
    from apps.projects.models import Project
    from apps.projects.states import PLAN_STATES
    from apps.projects.selectors import visible_projects

    if not matches:
        return []
    ids = [pk for pk, *_ in matches]
    if rules.has_perm("accounts.programme_staff", user) or rules.has_perm("accounts.recommender", user):
        shown = set(ids)
    else:
        public = set(Project.objects.filter(pk__in=ids, state__in=PLAN_STATES).values_list("pk", flat=True))
        shown = public | set(visible_projects(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [
        {
            "project": pk,
            "score": score,
            "label": f"{number}《{title}》" if pk in shown else "其他组织的一项申报（名称保密）",
        }
        for pk, number, title, score in matches
    ]


def warn_similar(request, project):
    """第七条(四): after a submission, say the check is running (a task) or, where it already ran
    (eager mode), what it found; the submission stands either way."""
    check = similarity.fingerprint_of(project)
    if check is None or check.pending:
        messages.info(request, "查重中…（第七条(四)）：查重结果将显示在项目页面，并提供给推荐单位和立项审核。")
        return
    matches = similarity.stored_warnings(check)
    if matches:
        labelled = _labelled(request.user, [(match["project"], match["number"], match["title"], match["score"]) for match in matches])
        listed = "；".join(f"{match['label']}（相似度{match['score']:.0%}）" for match in labelled)
        messages.warning(
            request,
            f"根据第七条(四)，申报项目不得与往年项目相同。查重发现与以下项目相似度较高：{listed}。"
            "申报已提交，推荐单位须确认查重结果，立项审核前须由市市场监管委作出查重认定。",
        )


@login_required
def attachment_download(request, pk, attachment_pk):
    """Attachments are served only to users who may see the project (never a public URL)."""
    project = project_or_404(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, project=project)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type)


@login_required
def document_download(request, pk, kind):
    """The 申报书 or the 成果材料 as a PDF to print, sign and stamp, for whoever may see the
    project (the organisation, the unit it was routed to, programme staff)."""
    project = project_or_404(request.user, pk, full=True)
    if kind == documents.RESULTS and not documents.has_results(project):
        raise Http404("尚未填写成果材料")
    render_pdf = documents.results_pdf if kind == documents.RESULTS else documents.application_pdf
    response = HttpResponse(render_pdf(project), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, documents.filename(project, kind))
    return response


@require_POST
@login_required
def stamped_upload(request, pk, stage):
    """Upload the stamped scan of the 申报书 or the 成果材料 (apps.projects.stamped)."""
    if stage not in stamped.KIND:
        raise Http404("没有这种盖章扫描件")
    project = project_or_404(request.user, pk)
    form = StampedScanForm(request.POST, request.FILES, prefix=f"stamped-{stage}")
    if not form.is_valid():
        messages.error(request, "；".join(form.errors["file"]))
        return redirect("projects:detail", pk=project.pk)
    try:
        stamped.upload_stamped_scan(project=project, stage=stage, upload=form.cleaned_data["file"], actor=request.user)
    except editing.EditRefused as exc:  # a Refusal: not in this state
        messages.error(request, exc.message)
    except PermissionDenied as exc:  # not of the organisation: the unit and staff only read
        raise Http404(str(exc)) from None
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已上传{stamped.LABELS[stage]}扫描件。")
    return redirect("projects:detail", pk=project.pk)
