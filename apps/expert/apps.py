from django.apps import AppConfig


class ExpertConfig(AppConfig):
    name = "apps.expert"
    verbose_name = "专家页面"
