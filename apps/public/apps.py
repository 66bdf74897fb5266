from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "apps.public"
    verbose_name = "公开页面"

    def ready(self):
        from . import cache

        cache.connect()
