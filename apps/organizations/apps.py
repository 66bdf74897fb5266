from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "apps.organizations"
    verbose_name = "组织"

    def ready(self):
        from . import policy  # noqa: F401 - registers the permissions
