"""Every URL the portal had before the screens moved into audience apps still answers: same
path, same name, same view behaviour. The list below is the URL list of the portal as it was,
with the URLs added since (the project's PDFs and stamped scans, its training and tracking panels), written out; each row names the role that opens the page, the status the page gave then, and
for a redirect the name of the page it led to.

The data is the demo's (``seed_demo``): one user of each role and objects in every state."""

import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import resolve, reverse

from apps.accounts.models import User
from apps.accounts.roles import Role
from tests.factories import make_user

ANON, APPLICANT, UNIT, COMMISSION, AGENCY, EXPERT = "anonymous", "qiye", "tuijian", "shijianwei", "disanfang", "zhuanjia"
# The demo's second expert has submitted scores; the implementing organisation gets a user here.
SCORING_EXPERT, IMPLEMENTER = "zhuanjia2", "implementer"

# (path, name, who opens it, status on GET, name of the redirect target or None)
URLS = [
    ("i18n/setlang/", "set_language", ANON, 302, "portal:home"),
    ("accounts/login/", "accounts:login", ANON, 200, None),
    ("accounts/logout/", "accounts:logout", APPLICANT, 405, None),
    ("accounts/password/", "accounts:password_change", APPLICANT, 200, None),
    ("accounts/password/reset/", "accounts:password_reset", ANON, 200, None),
    ("accounts/password/reset/sent/", "accounts:password_reset_done", ANON, 200, None),
    ("accounts/password/reset/<str:uidb64>/<str:token>/", "accounts:password_reset_confirm", ANON, 200, None),
    ("accounts/password/reset/done/", "accounts:password_reset_complete", ANON, 200, None),
    ("accounts/otp/setup/", "accounts:otp_setup", EXPERT, 302, "accounts:otp_verify"),
    ("accounts/otp/verify/", "accounts:otp_verify", EXPERT, 200, None),
    ("accounts/locked/", "accounts:locked", COMMISSION, 200, None),
    ("accounts/locked/unlock/", "accounts:unlock", COMMISSION, 405, None),
    ("organizations/register/", "organizations:register", ANON, 200, None),
    ("organizations/join/", "organizations:join", ANON, 200, None),
    ("organizations/mine/", "organizations:mine", APPLICANT, 200, None),
    ("organizations/mine/join-code/", "organizations:renew_join_code", APPLICANT, 405, None),
    ("projects/", "projects:list", APPLICANT, 200, None),
    ("projects/export.xlsx", "projects:export", APPLICANT, 200, None),
    ("projects/new/", "projects:create", APPLICANT, 200, None),
    ("projects/<int:pk>/", "projects:detail", APPLICANT, 200, None),
    ("projects/<int:pk>/edit/", "projects:edit", APPLICANT, 200, None),
    ("projects/<int:pk>/results/", "projects:results", IMPLEMENTER, 200, None),
    ("projects/<int:pk>/panels/<str:name>/", "projects:panel", IMPLEMENTER, 200, None),
    ("projects/<int:pk>/act/", "projects:act", APPLICANT, 405, None),
    ("projects/<int:pk>/submit/", "projects:submit", APPLICANT, 200, None),
    ("projects/<int:pk>/files/<int:attachment_pk>/", "projects:attachment", APPLICANT, 200, None),
    ("projects/<int:pk>/application.pdf", "projects:application_pdf", APPLICANT, 200, None),
    ("projects/<int:pk>/results.pdf", "projects:results_pdf", COMMISSION, 200, None),
    ("projects/<int:pk>/stamped/<str:stage>/", "projects:stamped_upload", APPLICANT, 405, None),
    ("recommenders/", "recommenders:inbox", UNIT, 200, None),
    ("recommenders/export.xlsx", "recommenders:export", UNIT, 200, None),
    ("recommenders/projects/<int:pk>/", "recommenders:review", UNIT, 200, None),
    ("recommenders/districts/", "recommenders:districts", UNIT, 200, None),
    ("recommenders/districts/<int:pk>/confirm/", "recommenders:confirm_district", UNIT, 405, None),
    ("recommenders/districts/<int:pk>/withdraw/", "recommenders:withdraw_district", UNIT, 405, None),
    ("campaigns/", "campaigns:list", COMMISSION, 200, None),
    ("campaigns/export.xlsx", "campaigns:list_export", COMMISSION, 200, None),
    ("campaigns/new/", "campaigns:create", COMMISSION, 200, None),
    ("campaigns/<int:year>/", "campaigns:detail", COMMISSION, 200, None),
    ("campaigns/<int:year>/edit/", "campaigns:edit", COMMISSION, 200, None),
    ("campaigns/<int:year>/rubric/", "campaigns:rubric", COMMISSION, 200, None),
    ("campaigns/<int:year>/publish/", "campaigns:publish", COMMISSION, 405, None),
    ("campaigns/approval/", "campaigns:approval_current", COMMISSION, 302, "campaigns:approval"),
    ("campaigns/<int:year>/approval/", "campaigns:approval", COMMISSION, 200, None),
    ("campaigns/<int:year>/approval/export.xlsx", "campaigns:approval_export", COMMISSION, 200, None),
    ("campaigns/<int:year>/approval/batch/", "campaigns:approval_batch", COMMISSION, 405, None),
    ("campaigns/<int:year>/approval/publish-plan/", "campaigns:publish_plan", COMMISSION, 405, None),
    ("campaigns/<int:year>/approval/<int:pk>/", "campaigns:approval_detail", COMMISSION, 200, None),
    ("campaigns/<int:year>/approval/<int:pk>/compare/<int:other_pk>/", "campaigns:approval_compare", COMMISSION, 200, None),
    ("campaigns/<int:year>/approval/<int:pk>/finding/", "campaigns:approval_finding", COMMISSION, 405, None),
    ("campaigns/dashboard/", "campaigns:dashboard_current", COMMISSION, 302, "campaigns:dashboard"),
    ("campaigns/<int:year>/dashboard/", "campaigns:dashboard", COMMISSION, 200, None),
    ("campaigns/<int:year>/dashboard/<str:table>.xlsx", "campaigns:dashboard_export", COMMISSION, 200, None),
    ("training/", "training:session_list", AGENCY, 200, None),
    ("training/export.xlsx", "training:session_export", AGENCY, 200, None),
    ("training/new/", "training:session_create", AGENCY, 200, None),
    ("training/<int:pk>/", "training:session_detail", AGENCY, 200, None),
    ("training/<int:pk>/edit/", "training:session_edit", AGENCY, 200, None),
    ("training/<int:pk>/attendance/", "training:attendance", AGENCY, 200, None),
    ("training/<int:pk>/export.xlsx", "training:session_attendance_export", AGENCY, 200, None),
    ("training/tracking/", "training:tracking_list", UNIT, 200, None),
    ("training/tracking/export.xlsx", "training:tracking_export", UNIT, 200, None),
    ("training/tracking/projects/<int:pk>/", "training:tracking_project", UNIT, 200, None),
    ("training/tracking/visits/<int:pk>/edit/", "training:visit_edit", UNIT, 200, None),
    ("experts/", "experts:my_reviews", EXPERT, 200, None),
    ("experts/pledge/<int:campaign_pk>/", "experts:pledge", EXPERT, 200, None),
    ("experts/conflicts/", "experts:conflicts", EXPERT, 200, None),
    ("experts/review/<int:pk>/", "experts:review", SCORING_EXPERT, 200, None),
    ("experts/review/<int:pk>/files/<int:attachment_pk>/", "experts:attachment", SCORING_EXPERT, 200, None),
    ("experts/review/<int:pk>/recuse/", "experts:recuse", SCORING_EXPERT, 405, None),
    ("experts/scores/<int:pk>/", "experts:score_detail", SCORING_EXPERT, 200, None),
    ("experts/pool/", "experts:expert_list", AGENCY, 200, None),
    ("experts/pool/add/", "experts:expert_add", AGENCY, 200, None),
    ("experts/pool/export/", "experts:expert_export", AGENCY, 200, None),
    ("experts/pool/import/", "experts:expert_import", AGENCY, 405, None),
    ("experts/pool/<int:pk>/", "experts:expert_detail", AGENCY, 200, None),
    ("experts/pool/<int:pk>/status/", "experts:expert_status", AGENCY, 405, None),
    ("experts/panels/", "experts:panel_list", AGENCY, 200, None),
    ("experts/panels/<int:pk>/", "experts:panel_detail", AGENCY, 200, None),
    ("experts/panels/<int:pk>/assign/", "experts:panel_assign", AGENCY, 405, None),
    ("experts/panels/<int:pk>/chair/", "experts:panel_chair", AGENCY, 405, None),
    ("experts/panels/<int:pk>/members/", "experts:panel_add_member", AGENCY, 200, None),
    ("experts/panels/<int:pk>/projects/<int:project_pk>/top-up/", "experts:project_top_up", AGENCY, 405, None),
    ("experts/assignments/<int:pk>/recuse/", "experts:assignment_recuse", AGENCY, 405, None),
    ("experts/draws/<int:pk>/", "experts:draw_detail", AGENCY, 200, None),
    ("experts/scores/<int:pk>/reopen/", "experts:score_reopen", AGENCY, 405, None),
    ("experts/projects/<int:project_pk>/scores/", "experts:project_scores", AGENCY, 200, None),
    ("experts/audit/", "experts:audit", AGENCY, 200, None),
    ("experts/results/", "experts:results", AGENCY, 200, None),
    ("experts/results/export/", "experts:results_export", AGENCY, 200, None),
    ("experts/results/close/", "experts:close", AGENCY, 405, None),
    ("experts/results/entries/<int:pk>/adjust/", "experts:adjust", AGENCY, 405, None),
    ("awards/", "awards:index", ANON, 200, None),
    ("awards/<int:year>/", "awards:results", ANON, 200, None),
    ("awards/<int:year>/export.xlsx", "awards:results_export", ANON, 200, None),
    ("awards/mine/", "awards:mine", APPLICANT, 200, None),
    ("awards/certificates/<int:pk>/download/", "awards:download", APPLICANT, 200, None),
    ("awards/manage/", "awards:manage", COMMISSION, 200, None),
    ("awards/manage/<int:year>/", "awards:decide", COMMISSION, 200, None),
    ("awards/manage/<int:year>/export.xlsx", "awards:decide_export", COMMISSION, 200, None),
    ("awards/manage/entries/<int:pk>/level/", "awards:set_level", COMMISSION, 405, None),
    ("awards/manage/best/<int:pk>/", "awards:set_best", COMMISSION, 405, None),
    ("awards/manage/<int:year>/certificates/", "awards:certificates", COMMISSION, 200, None),
    ("awards/manage/<int:year>/certificates/export.xlsx", "awards:certificates_export", COMMISSION, 200, None),
    ("awards/manage/runs/<int:pk>/progress/", "awards:run_progress", COMMISSION, 200, None),
    ("awards/manage/objections/", "awards:objections", COMMISSION, 200, None),
    ("awards/manage/objections/export.xlsx", "awards:objections_export", COMMISSION, 200, None),
    ("awards/manage/objections/<int:pk>/", "awards:objection", COMMISSION, 200, None),
    ("awards/manage/objections/<int:pk>/attachment/", "awards:objection_attachment", COMMISSION, 404, None),
    ("awards/manage/projects/<int:pk>/revoke/", "awards:revoke", COMMISSION, 200, None),
    ("awards/manage/revocations/<int:pk>/evidence/", "awards:revocation_evidence", COMMISSION, 200, None),
    ("notifications/", "notifications:inbox", APPLICANT, 200, None),
    ("notifications/<int:pk>/", "notifications:open", APPLICANT, 302, "awards:mine"),
    ("notifications/read/", "notifications:mark_read", APPLICANT, 405, None),
    ("notifications/settings/", "notifications:preferences", APPLICANT, 200, None),
    ("", "portal:home", ANON, 200, None),
    ("workbench/", "portal:workbench", APPLICANT, 200, None),
    ("workflow/", "portal:workflow", ANON, 200, None),
    ("healthz", "portal:healthz", ANON, 200, None),
    ("plan/", "plan_index", ANON, 302, "plan"),
    ("plan/<int:year>/", "plan", ANON, 200, None),
    ("plan/<int:year>/export.xlsx", "plan_export", ANON, 200, None),
    ("notice/<int:year>/", "awards_public:notice", ANON, 200, None),
    ("notice/<int:year>/export.xlsx", "awards_public:notice_export", ANON, 200, None),
    ("notice/<int:year>/objection/", "awards_public:objection", ANON, 200, None),
    ("notice/<int:year>/objection/<str:code>/", "awards_public:objection_receipt", ANON, 200, None),
    ("objections/status/", "awards_public:objection_status", ANON, 200, None),
    ("verify/", "awards_public:verify_form", ANON, 200, None),
    ("verify/<str:code>/", "awards_public:verify", ANON, 200, None),
]


def _model(label):
    return apps.get_model(*label.split("."))


def _objects():
    """One object of the demo for each kind of URL argument, chosen so that the role of the
    row may open it."""
    Project = _model("projects.Project")
    applicant = User.objects.get(username=APPLICANT)
    unit = User.objects.get(username=UNIT)
    campaign = _model("campaigns.Campaign").objects.current()
    own = Project.objects.filter(organization_id=applicant.organization_id)
    announced = _model("awards.AwardList").objects.exclude(announced_at=None).select_related("campaign").first()
    # An assignment of the expert who pledged and scored (the first expert has not pledged yet).
    assignment = _model("experts.ReviewAssignment").objects.filter(expert__user__username=SCORING_EXPERT, recused_at=None).first()
    certificate = _model("awards.Certificate").objects.filter(project__organization_id=applicant.organization_id).exclude(pdf="").first()
    return {
        "year": campaign.year,
        "year_pk": campaign.pk,
        "project": own.order_by("pk").first(),
        "editable": own.filter(state__in=["draft", "returned"]).first(),
        "in_progress": Project.objects.filter(state="in_progress").first(),
        "routed": Project.objects.filter(recommender_id=unit.recommender_id).exclude(state="draft").first(),
        "campaign_projects": list(Project.objects.filter(campaign=campaign).exclude(state="draft").order_by("pk")[:2]),
        "session": _model("training.TrainingSession").objects.first(),
        "visit": _model("training.TrackingVisit").objects.filter(recommender_id=unit.recommender_id).first(),
        "assignment": assignment,
        "score": _model("experts.Score").objects.filter(assignment__expert__user__username=SCORING_EXPERT).exclude(submitted_at=None).first(),
        "expert": _model("experts.Expert").objects.first(),
        "panel": _model("experts.Panel").objects.first(),
        "draw": _model("experts.PanelDraw").objects.first(),
        "proposal_entry": _model("experts.ProposalEntry").objects.first(),
        "announced_year": announced.campaign.year,
        "certificate": certificate,
        "run": _model("awards.CertificateRun").objects.first(),
        "list_entry": _model("awards.ListEntry").objects.first(),
        "best": _model("awards.BestOrganizationAward").objects.first(),
        "objection": _model("awards.Objection").objects.first(),
        "revocation": _model("awards.Revocation").objects.select_related("project").first(),
        "notification": _model("notifications.Notification").objects.filter(recipient=applicant).first(),
    }


def _kwargs(name, o):
    """The URL arguments of the row ``name``."""
    year = o["year"]
    first, second = o["campaign_projects"]
    table = {
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},  # no reset asked: 链接已失效
        "projects:detail": {"pk": o["project"].pk},
        "projects:edit": {"pk": o["editable"].pk},
        "projects:results": {"pk": o["in_progress"].pk},
        "projects:panel": {"pk": o["in_progress"].pk, "name": "training"},
        "projects:act": {"pk": o["project"].pk},
        "projects:submit": {"pk": o["editable"].pk},
        "projects:attachment": {"pk": o["project"].pk, "attachment_pk": o["project"].attachments.first().pk},
        "projects:application_pdf": {"pk": o["project"].pk},
        "projects:results_pdf": {"pk": o["certificate"].project_id},
        "projects:stamped_upload": {"pk": o["project"].pk, "stage": "application"},
        "recommenders:review": {"pk": o["routed"].pk},
        "recommenders:confirm_district": {"pk": o["project"].organization_id},
        "recommenders:withdraw_district": {"pk": o["project"].organization_id},
        "campaigns:approval_detail": {"year": year, "pk": first.pk},
        "campaigns:approval_compare": {"year": year, "pk": first.pk, "other_pk": second.pk},
        "campaigns:approval_finding": {"year": year, "pk": first.pk},
        "campaigns:dashboard_export": {"year": year, "table": "state"},
        "training:tracking_project": {"pk": o["visit"].project_id},
        "training:visit_edit": {"pk": o["visit"].pk},
        "experts:pledge": {"campaign_pk": o["year_pk"]},
        "experts:review": {"pk": o["assignment"].pk},
        "experts:attachment": {"pk": o["assignment"].pk, "attachment_pk": o["assignment"].project.attachments.first().pk},
        "experts:recuse": {"pk": o["assignment"].pk},
        "experts:score_detail": {"pk": o["score"].pk},
        "experts:expert_detail": {"pk": o["expert"].pk},
        "experts:expert_status": {"pk": o["expert"].pk},
        "experts:project_top_up": {"pk": o["panel"].pk, "project_pk": o["assignment"].project_id},
        "experts:assignment_recuse": {"pk": o["assignment"].pk},
        "experts:draw_detail": {"pk": o["draw"].pk},
        "experts:score_reopen": {"pk": o["score"].pk},
        "experts:project_scores": {"project_pk": o["assignment"].project_id},
        "experts:adjust": {"pk": o["proposal_entry"].pk},
        "awards:results": {"year": o["announced_year"]},
        "awards:results_export": {"year": o["announced_year"]},
        "awards:download": {"pk": o["certificate"].pk},
        "awards:set_level": {"pk": o["list_entry"].pk},
        "awards:set_best": {"pk": o["best"].pk},
        "awards:run_progress": {"pk": o["run"].pk},
        "awards:objection": {"pk": o["objection"].pk},
        "awards:objection_attachment": {"pk": o["objection"].pk},
        "awards:revoke": {"pk": o["revocation"].project_id},
        "awards:revocation_evidence": {"pk": o["revocation"].pk},
        "notifications:open": {"pk": o["notification"].pk},
        "awards_public:notice": {"year": o["announced_year"]},
        "awards_public:notice_export": {"year": o["announced_year"]},
        "awards_public:objection": {"year": o["announced_year"]},
        "awards_public:objection_receipt": {"year": o["announced_year"], "code": o["objection"].receipt_code},
        "awards_public:verify": {"code": o["certificate"].code},
    }
    if name in table:
        return table[name]
    kwargs = {}
    if name.startswith(("experts:panel_",)) and name != "experts:panel_list":
        kwargs["pk"] = o["panel"].pk
    elif name.startswith("training:session_") and name not in ("training:session_list", "training:session_export", "training:session_create") or name == "training:attendance":
        kwargs["pk"] = o["session"].pk
    return kwargs


def _with_year(name, path, kwargs, o):
    if "<int:year>" in path and "year" not in kwargs:
        kwargs["year"] = o["year"]
    return kwargs


def test_the_url_list_is_the_portals():
    """The table is the whole URL list: no page was added or lost without the walk knowing."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                found.append((prefix + str(pattern.pattern), f"{namespace}:{pattern.name}" if namespace else pattern.name))

    walk(get_resolver().url_patterns)
    assert sorted(found) == sorted((path, name) for path, name, *_ in URLS)


@pytest.mark.django_db
def test_every_old_url_still_answers(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):  # the notifications and the certificate PDFs
        call_command("seed_demo", "--quiet")
    o = _objects()
    clients = {ANON: Client()}
    for username in (APPLICANT, UNIT, COMMISSION, AGENCY, EXPERT, SCORING_EXPERT):
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    clients[IMPLEMENTER] = Client()
    clients[IMPLEMENTER].force_login(make_user(Role.APPLICANT, username=IMPLEMENTER, organization=o["in_progress"].organization))
    problems = []
    for path, name, who, status, redirect_name in URLS:
        kwargs = _with_year(name, path, _kwargs(name, o), o)
        url = reverse(name, kwargs=kwargs)
        expected_path = "/" + re.sub(r"<(?:int|str):(\w+)>", lambda m: str(kwargs[m.group(1)]), path)
        if url != expected_path:
            problems.append(f"{name}: reverses to {url}, was {expected_path}")
            continue
        response = clients[who].get(url)
        if response.status_code != status:
            problems.append(f"{name} ({who}) {url}: {response.status_code}, was {status}")
            continue
        if redirect_name:
            target = resolve(response["Location"].split("?")[0])
            if target.view_name != redirect_name:
                problems.append(f"{name} {url}: redirects to {target.view_name}, was {redirect_name}")
    assert problems == []
