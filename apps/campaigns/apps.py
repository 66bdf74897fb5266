from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "apps.campaigns"
    verbose_name = "年度工作方案"

    def ready(self):
        from . import policy  # noqa: F401 - registers the permissions
