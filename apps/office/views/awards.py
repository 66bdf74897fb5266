"""Screens of awards under /awards/: the public results, the commission's list, objections,
certificates and revocation. Views parse, call a service, render (STYLE.md habit 3)."""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.campaigns.models import Campaign
from apps.common.access import staff_required
from apps.common.forms import add_validation_errors
from apps.projects.models import Project
from apps.projects.states import State

from apps.awards import policy, selectors
from apps.office.forms.awards import DecisionForm, InvestigationForm, LevelForm, RevocationForm
from apps.awards.models import (
    AwardList,
    BestOrganizationAward,
    CertificateRun,
    ListEntry,
    Objection,
    Revocation,
)
from apps.awards.services import AwardRefused, decisions, objections, revocation
from apps.awards.services import certificates as certificate_services
from apps.common.pagination import paginate


# ---- public ---------------------------------------------------------------------------


# ---- the commission's list (第十七条) ---------------------------------------------------


@staff_required
def manage(request):
    return render(request, "office/awards/index.html", {"campaigns": selectors.campaigns_for_staff()})


# The decision list's level filter: each level, or "" for the entries given no award.
LEVEL_FILTERS = {"first": "一等奖", "second": "二等奖", "third": "三等奖", "": "不授奖"}


@staff_required
def decide(request, year):
    # The campaign with its list (if opened) in one query; the list's campaign is this one.
    campaign = get_object_or_404(Campaign.objects.select_related("award_list"), year=year)
    award_list = getattr(campaign, "award_list", None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "open":
                decisions.open_list(campaign=campaign, actor=request.user)
                messages.success(request, "已载入专家组建议名单，可在名额内调整等级后发布公示。")
            elif action == "publish":
                al = decisions.publish_list(campaign=campaign, actor=request.user)
                messages.success(request, f"获奖名单已发布公示，公示期{al.notice_starts_on:%Y-%m-%d}至{al.notice_ends_on:%Y-%m-%d}。")
            elif action == "announce":
                decisions.announce(campaign=campaign, actor=request.user)
                messages.success(request, "获奖名单已公布。可生成获奖证书。")
            else:
                messages.error(request, "未知的操作。")
        except AwardRefused as exc:
            messages.error(request, exc.message)
        return redirect("awards:decide", year=year)
    level = request.GET.get("level")
    level = level if level in LEVEL_FILTERS else None
    if award_list:
        # Paged by position: a page's rows are read by its bounds (draft_entry_page).
        page = paginate(request, range(selectors.draft_entry_count(award_list, level=level)), per_page=50)
        entries = selectors.draft_entry_page(award_list, page, level=level)
    else:
        page, entries = paginate(request, range(0), per_page=50), []
    ctx = {
        "campaign": campaign,
        "award_list": award_list,
        "page": page,
        "entries": _decision_rows(request.user, entries),
        "level_filter": level,
        "level_filters": [(value, label) for value, label in LEVEL_FILTERS.items()],
        "quota_rows": selectors.quota_rows(award_list) if award_list else [],
        "best": selectors.best_organization_rows(award_list) if award_list else [],
        # Shown only before the list is opened.
        "reviewed_count": Project.objects.filter(campaign=campaign, state=State.REVIEWED).count() if not award_list else None,
        "unloaded_count": selectors.unloaded_reviewed_count(award_list),
        "can_decide": rules.has_perm("awards.decide", request.user),
        # 第十七条: during the notice the announce button waits, showing from which day it acts.
        "announce_waits_until": (
            award_list.announceable_from
            if award_list and award_list.status == AwardList.Status.NOTICE and timezone.localdate() < award_list.announceable_from
            else None
        ),
    }
    ctx["best_selected"] = sum(1 for award in ctx["best"] if award.selected)
    return render(request, "office/awards/decide.html", ctx)


def _decision_rows(user, entries):
    """``entries`` (of selectors.draft_entries) as the list's rows, each with ``can_revoke``:
    whether ``user`` may revoke its award (第二十一条), asked of the awards policy once for the
    page."""
    rows = selectors.draft_entry_rows(entries)
    revocable = policy.revocable(user, {row["project_id"]: row["state"] for row in rows})
    for row in rows:
        row["can_revoke"] = row["project_id"] in revocable
    return rows


@staff_required
@require_POST
def set_level(request, pk):
    entry = get_object_or_404(ListEntry.objects.select_related("award_list__campaign"), pk=pk)
    form = LevelForm(request.POST)
    error = None
    if form.is_valid():
        try:
            entry = decisions.set_level(entry=entry, level=form.cleaned_data["level"], actor=request.user)
        except AwardRefused as exc:
            error = exc.message
    else:
        error = "请选择有效的等级。"
    if request.htmx:
        award_list = entry.award_list
        (row,) = _decision_rows(request.user, [selectors.draft_entries(award_list).get(pk=entry.pk)])
        return render(
            request,
            "office/awards/_entry_rows.html",
            {"entries": [row], "error": error, "can_decide": True, "award_list": award_list, "quota_rows": selectors.quota_rows(award_list), "oob": True},
        )
    if error:
        messages.error(request, error)
    return redirect("awards:decide", year=entry.award_list.campaign.year)


@staff_required
@require_POST
def set_best(request, pk):
    award = get_object_or_404(BestOrganizationAward.objects.select_related("award_list__campaign"), pk=pk)
    try:
        decisions.set_best_organization(award=award, selected=request.POST.get("selected") == "1", actor=request.user)
    except AwardRefused as exc:
        messages.error(request, exc.message)
    return redirect("awards:decide", year=award.award_list.campaign.year)


# ---- objections ----------------------------------------------------------------------


@staff_required
def objection_list(request):
    status = request.GET.get("status") or None
    page = paginate(request, selectors.objections_for_staff(status=status), per_page=50)
    return render(
        request,
        "office/awards/objections.html",
        {"objections": page.object_list, "page": page, "status": status, "statuses": Objection.Status.choices},
    )


@staff_required
def objection_detail(request, pk):
    obj = get_object_or_404(selectors.objections_for_staff(), pk=pk)
    investigation_form = InvestigationForm(request.POST if request.POST.get("action") == "investigate" else None, initial={"investigation": obj.investigation})
    decision_form = DecisionForm(request.POST if request.POST.get("action") == "decide" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "investigate" and investigation_form.is_valid():
                objections.record_investigation(objection=obj, actor=request.user, investigation=investigation_form.cleaned_data["investigation"])
                messages.success(request, "已登记调查核实情况。")
                return redirect("awards:objection", pk=pk)
            if request.POST.get("action") == "decide" and decision_form.is_valid():
                d = decision_form.cleaned_data
                obj = objections.decide_objection(objection=obj, actor=request.user, upheld=d["upheld"], reason=d["reason"])
                messages.success(request, f"已作出处理结论：{obj.get_status_display()}。")
                return redirect("awards:objection", pk=pk)
        except AwardRefused as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "office/awards/objection_detail.html",
        {"obj": obj, "investigation_form": investigation_form, "decision_form": decision_form, "can_decide": rules.has_perm("awards.decide", request.user)},
    )


@staff_required
def objection_attachment(request, pk):
    obj = get_object_or_404(Objection, pk=pk)
    if not obj.attachment:
        raise Http404
    return FileResponse(obj.attachment.open("rb"), as_attachment=True, filename=obj.attachment_name or "evidence", content_type=obj.attachment_type or None)


# ---- certificates --------------------------------------------------------------------


@staff_required
def certificates(request, year):
    # The campaign with its list (if opened) in one query, as the decision page reads them.
    campaign = get_object_or_404(Campaign.objects.select_related("award_list"), year=year)
    if request.method == "POST":
        try:
            run = certificate_services.start_run(campaign=campaign, actor=request.user, regenerate=request.POST.get("regenerate") == "1")
        except AwardRefused as exc:
            messages.error(request, exc.message)
            return redirect("awards:certificates", year=year)
        return redirect(f"{request.path}?run={run.pk}")
    run = None
    if request.GET.get("run", "").isdigit():
        run = CertificateRun.objects.filter(pk=request.GET["run"], campaign=campaign).first()
    run = run or selectors.latest_run(campaign)
    page = paginate(request, selectors.campaign_certificates(request.user, campaign), per_page=50)
    award_list = getattr(campaign, "award_list", None)
    return render(
        request,
        "office/awards/certificates.html",
        {
            "campaign": campaign,
            "run": run,
            "counts": run.counts() if run else None,
            "page": page,
            "certificates": list(page.object_list),
            "award_list": award_list,
        },
    )


@staff_required
def run_progress(request, pk):
    run = get_object_or_404(CertificateRun, pk=pk)
    return render(request, "office/awards/_run_progress.html", {"run": run, "counts": run.counts()})


# ---- revocation (第二十一条) -----------------------------------------------------------


@staff_required
def revoke(request, pk):
    project = get_object_or_404(Project.objects.select_related("organization", "campaign"), pk=pk)
    if not rules.has_perm("awards.decide", request.user):
        raise PermissionDenied("撤销奖项须由市市场监管委作出（第二十一条）。")
    form = RevocationForm(request.POST or None, request.FILES or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            revocation.revoke_award(project=project, actor=request.user, reason=form.cleaned_data["reason"], evidence=form.cleaned_data["evidence"])
        except AwardRefused as exc:
            refused = exc.message
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "奖项已撤销；证书验证显示为已撤销，该组织5年内不得申报（第二十一条）。")
            return redirect("awards:revoke", pk=pk)
    return render(request, "office/awards/revoke.html", {"project": project, "form": form, "refused": refused, "revocation": Revocation.objects.filter(project=project).first()})


@staff_required
def revocation_evidence(request, pk):
    rev = get_object_or_404(Revocation, pk=pk)
    return FileResponse(rev.evidence.open("rb"), as_attachment=True, filename=rev.evidence_name or "evidence")


# ---- the organisation's and the unit's view ------------------------------------------


