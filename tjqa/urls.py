from importlib import import_module

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "天津市质量攻关管理平台"
admin.site.site_title = "天津市质量攻关管理平台"


def namespace(name, *modules):
    """One URL namespace served by several audience apps (paths and names as they always were)."""
    patterns = []
    for module in modules:
        patterns += import_module(module).urlpatterns
    return include((patterns, name))


urlpatterns = [
    path("admin/", admin.site.urls),
    # Chinese only: the former language switch changes nothing and leads home (old links keep working).
    path("i18n/setlang/", RedirectView.as_view(pattern_name="portal:home"), name="set_language"),
    path("accounts/", namespace("accounts", "apps.workspace.urls.accounts", "apps.office.urls.accounts")),
    path("organizations/", include("apps.applicant.urls.organizations")),
    path("projects/", namespace("projects", "apps.workspace.urls.projects", "apps.applicant.urls.projects")),
    path("recommenders/", include("apps.unit.urls.recommenders")),
    path("campaigns/", include("apps.office.urls.campaigns")),
    path("training/", namespace("training", "apps.office.urls.training", "apps.unit.urls.training")),
    path("experts/", namespace("experts", "apps.expert.urls", "apps.office.urls.experts")),
    path("awards/", namespace("awards", "apps.public.urls.awards", "apps.workspace.urls.awards", "apps.office.urls.awards")),
    path("notifications/", include("apps.workspace.urls.notifications")),
    path("", namespace("portal", "apps.public.urls.portal", "apps.workspace.urls.portal")),
    # Public pages: /plan/<year>/ (campaigns); /notice/<year>/, /verify/<code>/ (awards).
    path("", include("apps.public.urls.plan")),
    path("", include("apps.public.urls.notice")),
]
