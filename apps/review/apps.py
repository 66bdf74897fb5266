from django.apps import AppConfig


class ExpertsConfig(AppConfig):
    name = "apps.review"
    label = "experts"  # tables, migrations, content types and permissions keep their names
    verbose_name = "专家与评审"

    def ready(self):
        from django.db.models.signals import post_save

        from . import policy  # noqa: F401 - registers the permissions

        from apps.campaigns.models import Campaign

        from .services.proposal import on_campaign_saved

        post_save.connect(on_campaign_saved, sender=Campaign, dispatch_uid="experts.campaign_saved")

        # 第二十二条 is live: conflicts recorded in other apps withdraw assignments at once.
        from django.apps import apps
        from django.db.models.signals import m2m_changed

        from .services import live

        post_save.connect(live.on_team_member_saved, sender="projects.TeamMember", dispatch_uid="experts.team_member")
        if apps.is_installed("apps.training"):
            post_save.connect(
                live.on_tracking_visit_saved, sender="training.TrackingVisit", dispatch_uid="experts.tracking_visit"
            )
        from apps.recommenders.models import RecommenderUnit

        m2m_changed.connect(
            live.on_group_members_changed,
            sender=RecommenderUnit.member_organizations.through,
            dispatch_uid="experts.group_members",
        )
