"""The public pages (no login): the notice with the objection form, certificate verification."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django_ratelimit.core import get_usage, is_ratelimited

from apps.campaigns.models import Campaign
from apps.common.forms import add_validation_errors

from apps.awards import selectors
from apps.public.forms import ObjectionForm, ObjectionStatusForm
from apps.awards.models import Objection
from apps.awards.services import AwardRefused
from apps.awards.services.objections import lodge_objection


def _campaign(year):
    return get_object_or_404(Campaign, year=year, published=True)


def notice(request, year):
    """/notice/<year>/: 第十七条 public notice of the decided list and its period."""
    notice = selectors.notice_of(year)
    if notice is None:
        raise Http404("No Campaign matches the given query.")
    projects = notice.projects
    # The objection form is offered only while projects are under notice.
    form = ObjectionForm(projects=projects, initial={"project": request.GET.get("project")}) if projects else None
    return render(
        request,
        "public/awards/notice.html",
        {"campaign": notice.campaign, "award_list": notice.award_list, "projects": projects, "form": form},
    )


def _rate(group, request):
    """Objections accepted per IP address (default 5 an hour)."""
    return getattr(settings, "TJQA_OBJECTION_RATE", "5/h")


def _attempt_rate(group, request):
    """Submissions per IP address, refused ones included: room to correct mistakes, not to flood."""
    return getattr(settings, "TJQA_OBJECTION_ATTEMPT_RATE", "30/h")


TOO_FREQUENT = "提交过于频繁，请稍后再试。"


def objection(request, year):
    """/notice/<year>/objection/: lodge an objection (real name, contact, optional evidence)."""
    campaign = _campaign(year)
    projects = selectors.public_notice(campaign)
    by_pk = {project.pk: project for project in projects}
    initial = {"project": request.GET.get("project")}
    form = ObjectionForm(request.POST or None, request.FILES or None, projects=projects, initial=initial)
    refused = None
    if request.method == "POST":
        # Per IP address, so one sender cannot flood the commission (the form is public). Only
        # accepted objections use up the small quota; corrections of a refused form do not.
        flooding = is_ratelimited(request, group="awards.objection.attempt", key="ip", rate=_attempt_rate, method="POST", increment=True)
        accepted = get_usage(request, group="awards.objection", key="ip", rate=_rate, method="POST", increment=False)
        if flooding or (accepted and accepted["count"] >= accepted["limit"]):
            refused = TOO_FREQUENT
        elif form.is_valid():
            data = form.cleaned_data
            project = by_pk.get(data["project"])
            try:
                if project is None:
                    raise AwardRefused("该项目不在公示期内，不受理异议（第十七条）。")
                obj = lodge_objection(
                    project=project,
                    kind=data["kind"],
                    name=data["name"],
                    unit_name=data["unit_name"],
                    responsible_person=data["responsible_person"],
                    phone=data["phone"],
                    email=data["email"],
                    address=data["address"],
                    content=data["content"],
                    attachment=data["attachment"],
                    ip=request.META.get("REMOTE_ADDR"),
                )
            except AwardRefused as exc:
                refused = exc.message
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                is_ratelimited(request, group="awards.objection", key="ip", rate=_rate, method="POST", increment=True)
                request.session["objection_receipt"] = obj.receipt_code
                return redirect("awards_public:objection_receipt", year=year, code=obj.receipt_code)
    status = 429 if refused == TOO_FREQUENT else 200
    return render(
        request,
        "public/awards/objection_form.html",
        {"campaign": campaign, "form": form, "refused": refused, "projects": projects},
        status=status,
    )


def objection_receipt(request, year, code):
    """The receipt: its code, the project and the handling status (never the identity)."""
    obj = get_object_or_404(Objection.objects.select_related("project", "project__campaign"), receipt_code=code.upper(), project__campaign__year=year)
    just_lodged = request.session.pop("objection_receipt", None) == obj.receipt_code
    return render(request, "public/awards/objection_receipt.html", {"obj": obj, "just_lodged": just_lodged, "year": year})


NOT_FOUND = "未找到与该受理编号对应的异议，请核对回执上的编号后重试。"


def objection_status(request):
    """/objections/status/: the objector enters the receipt code and sees the handling progress
    (第十七条). Known or unknown, the answer has the same shape; every lookup counts against the
    objection form's per-address attempt limit, and the anonymous body-size limit applies
    (tjqa.middleware)."""
    form = ObjectionStatusForm(request.POST or None, initial={"code": (request.GET.get("code") or "")[:32]})
    progress = refused = not_found = None
    if request.method == "POST":
        if is_ratelimited(request, group="awards.objection.status", key="ip", rate=_attempt_rate, method="POST", increment=True):
            refused = TOO_FREQUENT
        elif form.is_valid():
            progress = selectors.objection_progress(form.cleaned_data["code"])
            not_found = NOT_FOUND if progress is None else None
    return render(
        request,
        "public/awards/objection_status.html",
        {"form": form, "progress": progress, "refused": refused, "not_found": not_found},
        status=429 if refused else 200,
    )


def verify_form(request):
    code = (request.GET.get("code") or "").strip().upper()
    if code:
        return redirect("awards_public:verify", code=code)
    return render(request, "public/awards/verify.html", {"cert": None, "code": ""})


def verify(request, code):
    """/verify/<code>/: anyone checks whether a certificate is genuine and valid or revoked."""
    cert = selectors.verify(code)
    return render(request, "public/awards/verify.html", {"cert": cert, "code": code}, status=200 if cert else 404)
