from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "apps.awards"
    verbose_name = "奖项与公示"

    def ready(self):
        from . import policy  # noqa: F401 - registers the permissions
        from apps.review.signals import proposal_gap

        from .services.decisions import on_proposal_gap

        # 第二十二条: a draft list follows the panel's proposal recomputed after a recusal.
        proposal_gap.connect(on_proposal_gap, dispatch_uid="awards.proposal_gap")
