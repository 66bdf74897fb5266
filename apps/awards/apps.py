from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "apps.awards"
    verbose_name = "奖项与公示"
