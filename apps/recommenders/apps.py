from django.apps import AppConfig


class RecommendersConfig(AppConfig):
    name = "apps.recommenders"
    verbose_name = "推荐单位"
