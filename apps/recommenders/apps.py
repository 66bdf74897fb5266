from django.apps import AppConfig


class RecommendersConfig(AppConfig):
    name = "apps.recommenders"
    verbose_name = "推荐单位"

    def ready(self):
        from . import policy  # noqa: F401 - registers the permissions
