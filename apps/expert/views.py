"""The expert's screens: my projects, the pledge (第二十三条), conflicts (第二十二条) and the
review screen. An expert only ever reaches their own assignments (others: 404)."""

import rules
from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from apps.campaigns.models import Campaign

from apps.review import selectors, services
from apps.common.forms import ReasonForm
from apps.common.links import link_for_each
from apps.expert.forms import ConflictForm
from apps.review.models import PLEDGE_TEXT, ReviewAuditEvent, Score
from apps.common.access import expert_required
from apps.common.pagination import paginate
from apps.common.review_access import client_ip

A = ReviewAuditEvent.Action


def _profile_or_404(user):
    expert = selectors.expert_of(user)
    if expert is None:
        raise Http404("您尚未列入专家库，请联系第三方机构。")
    return expert


@expert_required
def my_reviews(request):
    """The expert's projects, one campaign at a time (newest first), a page of 50 at a time."""
    expert = selectors.expert_of(request.user)
    if expert is None:
        return render(request, "expert/experts/my_reviews.html", {"expert": None, "campaigns": []})
    mine = selectors.my_campaigns(expert)
    years = [(pk, year) for pk, year, _title, _signed in mine]
    chosen = request.GET.get("campaign", "")
    current = next((row for row in mine if str(row[0]) == chosen), mine[0] if mine else None)
    campaigns, page, campaign_pk = [], None, None
    if current is not None:
        campaign_pk, year, title, signed = current
        n, total, done = selectors.my_assignment_counts(expert, campaign_pk)
        # Paged by position (the rows are read by the page's bounds, my_assignment_page).
        page = paginate(request, range(n), per_page=50)
        rows = selectors.my_assignment_rows(selectors.my_assignment_page(expert, campaign_pk, page), year)
        review_link = link_for_each("experts:review")
        for place, row in enumerate(rows, start=page.start_index()):
            row["review_url"] = review_link(row["pk"])
            row["place"] = str(place)  # the row's number in the whole list, written as it is
        campaigns.append(
            {
                "campaign": {"pk": campaign_pk, "title": title},
                "rows": rows,
                "total": total,
                "done": done,
                "percent": round(100 * done / total) if total else 100,
                "signed": signed,
            }
        )
    chaired = selectors.chaired_panels(expert)
    return render(
        request,
        "expert/experts/my_reviews.html",
        {"expert": expert, "campaigns": campaigns, "page": page, "years": years, "campaign_pk": campaign_pk, "chaired": chaired},
    )


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@expert_required
def pledge(request, campaign_pk):
    expert = _profile_or_404(request.user)
    campaign = get_object_or_404(Campaign, pk=campaign_pk)
    already = expert.pledges.filter(campaign=campaign).first()
    error = None
    if request.method == "POST":
        if request.POST.get("agree") != "1":
            error = "请勾选“本人已阅读并同意上述承诺”后签署（第二十三条）。"
        else:
            services.sign_pledge(expert=expert, campaign=campaign, actor=request.user, ip_address=client_ip(request))
            messages.success(request, "已签署保密承诺（第二十三条），现在可以查看评审材料。")
            return redirect(_safe_next(request, reverse("experts:my_reviews")))
    return render(
        request,
        "expert/experts/pledge.html",
        {"campaign": campaign, "text": PLEDGE_TEXT, "already": already, "error": error, "next": request.GET.get("next", "")},
    )


@expert_required
def conflicts(request):
    expert = _profile_or_404(request.user)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conflict = services.declare_conflict(
                expert=expert, organization=form.cleaned_data["organization"], reason=form.cleaned_data["reason"], actor=request.user
            )
        except services.ReviewRefused as exc:
            form.add_error(None, exc.message)
        else:
            if conflict.withdrawn:
                messages.success(
                    request,
                    f"利益冲突已登记（第二十二条）：已分配给您的{len(conflict.withdrawn)}个该单位项目已立即回避，"
                    "您不能再查看其材料，评分不计入结果；第三方机构按同一规则补抽其他专家。",
                )
            else:
                messages.success(request, "利益冲突已登记；今后不会再向您分配该单位的项目（第二十二条）。")
            return redirect("experts:conflicts")
    return render(
        request,
        "expert/experts/conflicts.html",
        {"expert": expert, "form": form, "conflicts": expert.conflicts.select_related("organization")},
    )


def _score_context(assignment, score, errors=None, values=None, comment=None):
    criteria = selectors.rubric_with_points(assignment, score)
    # "13.5" and "13", never "13.0" (the field keeps one decimal place).
    saved = {criterion.pk: f"{criterion.saved.normalize():f}" for criterion in criteria if criterion.saved is not None}
    values = values if values is not None else saved
    errors = {key: "；".join(msgs) for key, msgs in (errors or {}).items()}  # message_dict: lists of messages
    # The input's name ("c<key>") and the full marks written once a row here: in the template
    # each of the row's six mentions went through number formatting.
    rows = [
        {
            "criterion": criterion,
            "field": f"c{criterion.pk}",
            "max": str(criterion.max_points),
            "value": values.get(criterion.pk, ""),
            "error": errors.get(f"c{criterion.pk}"),
        }
        for criterion in criteria
    ]
    return {
        "criteria_rows": rows,
        "full_marks": sum(criterion.max_points for criterion in criteria),
        "score": score,
        "comment": comment if comment is not None else (score.comment if score else ""),
        "comment_error": errors.get("comment"),
        "locked": bool(score and score.is_submitted) or not assignment.is_active or not assignment.panel.is_open,
    }


@expert_required
def review(request, pk):
    """The review screen: material, rubric and the score form (htmx saves in place)."""
    assignment = selectors.assignment_for_expert(request.user, pk, with_score=True)
    if not assignment.is_active:
        # 第二十二条: after recusal the expert no longer sees the project's material.
        messages.info(request, f"您已回避“{assignment.project.title}”（第二十二条），不能再查看其评审材料。")
        return redirect("experts:my_reviews")
    campaign = assignment.panel.campaign
    if not assignment.signed:
        # 第二十三条: no material before the pledge (services.has_signed, read with the assignment).
        return redirect(f"{reverse('experts:pledge', args=[campaign.pk])}?next={request.path}")
    score = selectors.score_of(assignment)
    ctx = {"assignment": assignment, "project": assignment.project, "campaign": campaign}
    if request.method == "POST":
        points = {}
        for criterion in campaign.rubric_for(assignment.project.project_type):
            points[criterion.pk] = request.POST.get(f"c{criterion.pk}", "").strip()
        comment = request.POST.get("comment", "")
        action = request.POST.get("action")
        submit = action in ("submit", "submit_next")
        try:
            score = services.save_score(assignment=assignment, actor=request.user, points=points, comment=comment, submit=submit)
        except ValidationError as exc:
            ctx.update(_score_context(assignment, score, errors=exc.message_dict, values=points, comment=comment))
            ctx["form_error"] = "评分未保存：" + "；".join(m for msgs in exc.message_dict.values() for m in msgs)
        except services.ReviewRefused as exc:
            ctx.update(_score_context(assignment, score, values=points, comment=comment))
            ctx["form_error"] = exc.message
        else:
            score = Score.objects.prefetch_related("items").get(pk=score.pk)
            ctx.update(_score_context(assignment, score))
            ctx["saved_message"] = "评分已提交并锁定。" if submit else f"草稿已保存（加权总分 {score.total or 0}）。"
            if action == "submit_next":
                # Scoring many projects in a sitting: straight on to the next one.
                nxt = selectors.next_assignment(assignment)
                target = reverse("experts:review", args=[nxt["pk"]]) if nxt else reverse("experts:my_reviews")
                messages.success(request, f"“{assignment.project.title}”评分已提交并锁定。")
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = target
                    return response
                return redirect(target)
            if not request.headers.get("HX-Request"):
                messages.success(request, ctx["saved_message"])
                return redirect("experts:review", pk=assignment.pk)
        ctx["next_assignment"] = selectors.next_assignment(assignment)
        template = "expert/experts/partials/score_form.html" if request.headers.get("HX-Request") else "expert/experts/review.html"
        if template == "expert/experts/review.html":
            ctx.update(selectors.review_material(assignment.project))
        return render(request, template, ctx, status=200)
    services.audit(A.VIEWED, actor=request.user, panel=assignment.panel, project=assignment.project, expert=assignment.expert_id, message="打开评审材料")
    ctx.update(selectors.review_material(assignment.project))
    ctx.update(_score_context(assignment, score))
    ctx["next_assignment"] = selectors.next_assignment(assignment)
    ctx["recuse_form"] = ReasonForm()
    return render(request, "expert/experts/review.html", ctx)


@expert_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def attachment(request, pk, attachment_pk):
    """An attachment of an assigned project, shown inline (PDF/image) and logged (第二十三条)."""
    assignment = selectors.assignment_for_expert(request.user, pk)
    if not assignment.is_active:
        raise Http404("已回避的项目不能再查看材料（第二十二条）。")
    if not assignment.signed:  # services.has_signed, read with the assignment
        raise Http404("请先签署保密承诺（第二十三条）。")
    file = get_object_or_404(assignment.project.attachments, pk=attachment_pk)
    services.audit(
        A.VIEWED_ATTACHMENT, actor=request.user, panel=assignment.panel, project=assignment.project, expert=assignment.expert_id, message=file.original_name
    )
    response = FileResponse(file.file.open("rb"), content_type=file.content_type or "application/octet-stream")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response


@expert_required
@require_POST
def recuse(request, pk):
    assignment = selectors.assignment_for_expert(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "申请回避须说明理由（第二十二条）。")
        return redirect("experts:review", pk=assignment.pk)
    try:
        replacement = services.recuse(assignment=assignment, actor=request.user, reason=form.cleaned_data["reason"])
    except services.ReviewRefused as exc:
        messages.error(request, exc.message)
        return redirect("experts:review", pk=assignment.pk)
    if replacement is not None:
        messages.success(request, "已回避该项目（第二十二条），系统已按同一规则补抽其他专家。")
    else:
        messages.warning(request, "已回避该项目（第二十二条）；暂无可补抽的专家，第三方机构将补充评审组成员。")
    return redirect("experts:my_reviews")


def score_detail(request, pk):
    """One score sheet. Independence (第二十三条): other experts get 404 until the panel closes."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    score = get_object_or_404(
        Score.objects.select_related("assignment__expert", "assignment__panel__campaign", "assignment__project"), pk=pk
    )
    if not selectors.score_visible_to(request.user, score):
        raise Http404("没有这个评分")
    items = score.items.select_related("criterion").order_by("criterion__order")
    return render(
        request,
        "expert/experts/score_detail.html",
        {"score": score, "assignment": score.assignment, "items": items, "reopen_form": ReasonForm() if rules.has_perm("review.operate", request.user) else None},
    )
