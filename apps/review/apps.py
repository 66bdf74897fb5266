from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "apps.review"
    label = "experts"  # tables, migrations, content types and permissions keep their names
    verbose_name = "专家与评审"

    def ready(self):
        from django.db.models.signals import post_save

        from apps.campaigns.models import Campaign

        from .services.proposal import on_campaign_saved

        post_save.connect(on_campaign_saved, sender=Campaign, dispatch_uid="experts.campaign_saved")
