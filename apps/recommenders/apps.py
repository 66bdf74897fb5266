from django.apps import AppConfig


class RecommendersConfig(AppConfig):
    name = "apps.recommenders"
    verbose_name = "推荐单位"

    def ready(self):
        from . import signals  # noqa: F401  (the guardian groups of organisations and units)
