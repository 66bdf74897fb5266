from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from . import admin_log, policy  # noqa: F401 - policy registers the permissions

        admin_log.connect()

        from . import signals  # noqa: F401  (the idle clock starts at login)
