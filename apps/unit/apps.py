from django.apps import AppConfig


class UnitConfig(AppConfig):
    name = "apps.unit"
    verbose_name = "推荐单位页面"
