from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "天津市质量攻关管理平台"
admin.site.site_title = "天津市质量攻关管理平台"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("apps.accounts.urls")),
    path("organizations/", include("apps.organizations.urls")),
    path("projects/", include("apps.projects.urls")),
    path("recommenders/", include("apps.recommenders.urls")),
    path("campaigns/", include("apps.campaigns.urls")),
    path("training/", include("apps.training.urls")),
    path("experts/", include("apps.experts.urls")),
    path("awards/", include("apps.awards.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("", include("apps.portal.urls")),
    # Public pages: /plan/<year>/ (campaigns); /notice/<year>/, /verify/<code>/ (awards).
    path("", include("apps.campaigns.public_urls")),
    path("", include("apps.awards.public_urls")),
]
