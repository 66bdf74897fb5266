from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "apps.office"
    verbose_name = "市市场监管委与第三方机构页面"
