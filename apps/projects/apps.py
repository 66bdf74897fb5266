from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "apps.projects"
    verbose_name = "质量攻关项目"

    def ready(self):
        from . import policy  # noqa: F401 - registers the permissions
        from . import receivers  # noqa: F401 (signal receivers)
