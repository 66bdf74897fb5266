from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "apps.training"
    verbose_name = "培训与跟踪服务"

    def ready(self):
        from . import policy  # noqa: F401 - registers the permissions
        from . import receivers  # noqa: F401 - keeps each project's last visit
