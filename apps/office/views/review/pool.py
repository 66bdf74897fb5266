"""专家库 screens of the agency (第五条(三)); the commission reads them."""

import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.organizations.choices import Industry
from apps.common.excel import xlsx_response
from apps.common.forms import add_validation_errors
from apps.common.links import link_for_each

from apps.review import excel_io, selectors, services
from apps.office.forms.review import ExpertForm, ExpertStatusForm, ImportForm, NewExpertForm
from apps.review.models import Expert, ExpertStatus
from apps.common.access import agency_required, staff_required
from apps.common.pagination import page_size, paginate


@staff_required
def expert_list(request):
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    specialty = request.GET.get("specialty", "")
    qs = selectors.expert_list(q=q, status=status, specialty=specialty)
    page = paginate(request, qs.values(*selectors.POOL_COLUMNS), per_page=50)
    rows = selectors.pool_rows(page.object_list)
    detail_link = link_for_each("experts:expert_detail")
    for row in rows:
        row["detail_url"] = detail_link(row["pk"])
    return render(
        request,
        "office/experts/pool_list.html",
        {
            "page": page,
            "rows": rows,
            "q": q,
            "status": status,
            "specialty": specialty,
            "statuses": ExpertStatus.choices,
            "industries": Industry.choices,
            "import_form": ImportForm(),
        },
    )


@staff_required
def expert_export(request):
    experts = selectors.expert_list(
        q=request.GET.get("q", "").strip(), status=request.GET.get("status", ""), specialty=request.GET.get("specialty", "")
    )
    return xlsx_response("专家库", excel_io.HEADERS, excel_io.export_rows(experts), title="专家库")


@agency_required
def expert_add(request):
    form = NewExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        username = data.pop("username")
        try:
            expert, initial = services.add_expert(actor=request.user, username=username, **data)
        except services.ReviewRefused as exc:
            form.add_error("username", exc.message)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            msg = f"已将{expert.name}加入专家库。"
            if initial:
                msg += f"登录账号 {username}，初始密码 {initial}（仅显示一次，请妥善转交专家本人）。"
            messages.success(request, msg)
            return redirect("experts:expert_detail", pk=expert.pk)
    return render(request, "office/experts/expert_form.html", {"form": form, "title": "专家入库"})


@staff_required
def expert_detail(request, pk):
    expert = selectors.expert_with_user(pk)
    if expert is None:
        raise Http404("No Expert matches the given query.")
    form = ExpertForm(request.POST or None, instance=expert) if rules.has_perm("review.operate", request.user) else None
    if request.method == "POST":
        if form is None:
            return redirect("experts:expert_detail", pk=pk)
        if form.is_valid():
            try:
                services.update_expert(expert=Expert.objects.get(pk=pk), actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, "专家信息已保存。")
                return redirect("experts:expert_detail", pk=pk)
    # The newest of each, like the audit page's first page (the audit page has them all).
    page = selectors.expert_page(expert, page_size(50))
    score_link = link_for_each("experts:score_detail")
    for assignment in page.assignments:
        if assignment["score__id"] is not None:
            assignment["score_url"] = score_link(assignment["score__id"])
    return render(
        request,
        "office/experts/expert_detail.html",
        {
            "expert": expert,
            "form": form,
            "status_form": ExpertStatusForm(initial={"status": expert.status}),
            "conflicts": page.conflicts,
            "pledges": page.pledges,
            "assignments": page.assignments,
            "events": page.events,
        },
    )


@agency_required
@require_POST
def expert_status(request, pk):
    expert = get_object_or_404(Expert, pk=pk)
    form = ExpertStatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_expert_status(
                expert=expert, status=form.cleaned_data["status"], actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, f"{expert.name}的状态已改为“{expert.get_status_display()}”。")
        except services.ReviewRefused as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "请选择状态。")
    return redirect("experts:expert_detail", pk=pk)


@agency_required
@require_POST
def expert_import(request):
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errs in form.errors.values():
            messages.error(request, "；".join(errs))
        return redirect("experts:expert_list")
    try:
        created, updated, unchanged, errors, passwords = services.import_experts(file=form.cleaned_data["file"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("experts:expert_list")
    except Exception:  # noqa: BLE001 - a broken file is the user's problem, said in Chinese
        messages.error(request, "无法读取该Excel文件，请使用导出的专家库表格作为模板。")
        return redirect("experts:expert_list")
    messages.success(request, f"导入完成：新增{created}人，更新{updated}人，未变化{unchanged}人。")
    if passwords:
        messages.warning(
            request, "新账号初始密码（仅显示一次）：" + "；".join(f"{u} {p}" for u, p in passwords.items())
        )
    for e in errors[:20]:
        messages.error(request, e)
    return redirect("experts:expert_list")
