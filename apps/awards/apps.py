from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "apps.awards"
    verbose_name = "奖项与公示"

    def ready(self):
        from . import policy  # noqa: F401 - registers the permissions
