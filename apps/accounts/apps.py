from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from . import admin_log

        admin_log.connect()

        from . import signals  # noqa: F401  (the idle clock starts at login)
