"""The project list every signed-in role has (each sees the projects visible to it) and its
Excel export."""

import rules
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render

from apps.campaigns.models import Campaign, ProjectType
from apps.common.excel import local_time, xlsx_response
from apps.organizations.choices import District, Industry
from apps.projects import scope_changes, search
from apps.projects.choices import Category
from apps.projects.models import Project
from apps.projects.states import State
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
    return form, qs.for_rows().order_by("-created_at", "-pk")


@login_required
def project_list(request):
    """我的项目: the projects the user may see (an applicant: its organisation's), filterable."""
    form, qs = _filtered(request)
    page = paginate(request, qs, per_page=PAGE_SIZE)
    params = request.GET.copy()
    params.pop("page", None)
    applicant = rules.has_perm("accounts.applicant", request.user) and request.user.organization_id
    # Only an applicant is invited to apply, with the current campaign's year.
    campaign = Campaign.objects.current() if applicant else None
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
            "may_apply": applicant and campaign is not None and request.user.organization.active_ban() is None,
        },
    )


# The export's columns: (header, the value read from the database, its labels if it is a choice).
EXPORT_COLUMNS = [
    ("项目编号", None, None),
    ("年度", "campaign__year", None),
    ("项目名称", "title", None),
    ("申报组织", "organization__name", None),
    ("所在区", "organization__district", District),
    ("所属行业", "organization__industry", Industry),
    ("攻关方向", "category", Category),
    ("成果类型", "project_type", ProjectType),
    ("推荐单位", "recommender__name", None),
    ("状态", "state", State),
    ("提交时间", "submitted_at", None),
]


def export_rows(qs):
    """The rows of the list's Excel export: the values only, read in chunks (no model objects
    and none of the long texts), each choice as the label the pages show and the project number
    as ``Project.number`` writes it, so 18,000 rows take little time and little memory."""
    fields = ["pk"] + [field for _, field, _ in EXPORT_COLUMNS if field]
    labels = [dict(choices.choices) if choices else None for _, field, choices in EXPORT_COLUMNS if field]
    for pk, *values in qs.values_list(*fields).iterator(chunk_size=2000):
        shown = [label.get(value, value) if label else value for value, label in zip(values, labels)]
        year, *rest, submitted_at = shown
        yield (Project.number_of(year, pk), year, *(value or "" for value in rest), local_time(submitted_at))


@login_required
def project_export(request):
    _, qs = _filtered(request)
    return xlsx_response("质量攻关项目列表", [header for header, _, _ in EXPORT_COLUMNS], export_rows(qs), title="项目")
