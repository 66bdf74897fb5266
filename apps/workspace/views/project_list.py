"""The project list every signed-in role has (each sees the projects visible to it) and its
Excel export."""

import rules
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render

from apps.campaigns.models import Campaign
from apps.common.excel import local_time, xlsx_response
from apps.projects import scope_changes, search
from apps.projects.selectors import visible_projects
from apps.workspace.forms import ProjectFilterForm
from apps.common.pagination import paginate

PAGE_SIZE = 50


def _filtered(request):
    form = ProjectFilterForm(request.GET or None, staff=rules.has_perm("accounts.programme_staff", request.user))
    qs = visible_projects(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("q"):
            q = data["q"].strip()
            digits = q.upper().removeprefix("ZLGG")
            if digits.isdigit() and len(digits) > 4:  # a project number, ZLGG + year + id
                qs = qs.filter(Q(pk=int(digits[4:]), campaign__year=int(digits[:4])) | Q(pk__in=search.matching(qs, q).values("pk")))
            else:
                # Title, organisation, credit code, people and PDCA text, within what the user may see.
                qs = search.matching(qs, q)
        if data.get("state"):
            qs = qs.filter(state=data["state"])
        if data.get("year"):
            qs = qs.filter(campaign__year=data["year"])
        if data.get("outside_scope"):
            qs = qs.filter(scope_changes.outside_scope_filter())
    return form, qs.order_by("-created_at", "-pk")


@login_required
def project_list(request):
    """我的项目: the projects the user may see (an applicant: its organisation's), filterable."""
    form, qs = _filtered(request)
    page = paginate(request, qs, per_page=PAGE_SIZE)
    params = request.GET.copy()
    params.pop("page", None)
    campaign = Campaign.objects.current()
    return render(
        request,
        "workspace/projects/project_list.html",
        {
            "form": form,
            "page": page,
            "projects": page.object_list,
            "querystring": params.urlencode(),
            "campaign": campaign,
            # 第二十一条: a banned organisation is not invited to apply (the form says why).
            "may_apply": rules.has_perm("accounts.applicant", request.user)
            and request.user.organization_id
            and campaign is not None
            and request.user.organization.active_ban() is None,
        },
    )


@login_required
def project_export(request):
    _, qs = _filtered(request)
    rows = (
        (
            project.number,
            project.campaign.year,
            project.title,
            project.organization.name,
            project.organization.get_district_display(),
            project.organization.get_industry_display(),
            project.get_category_display(),
            project.get_project_type_display(),
            project.recommender.name if project.recommender else "",
            project.get_state_display(),
            local_time(project.submitted_at),
        )
        for project in qs.iterator(chunk_size=2000)
    )
    headers = ["项目编号", "年度", "项目名称", "申报组织", "所在区", "所属行业", "攻关方向", "成果类型", "推荐单位", "状态", "提交时间"]
    return xlsx_response("质量攻关项目列表", headers, rows, title="项目")
