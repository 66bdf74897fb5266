from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "apps.notifications"
    verbose_name = "通知"

    def ready(self):
        from . import policy  # noqa: F401 - registers the permissions
        from apps.projects.signals import project_transitioned

        from . import handlers

        project_transitioned.connect(handlers.on_project_transitioned, dispatch_uid="notifications.transition")
        from apps.awards.signals import certificate_issued, list_announced, notice_published, objection_lodged
        from apps.campaigns.signals import plan_published

        plan_published.connect(handlers.on_plan_published, dispatch_uid="notifications.plan_published")
        notice_published.connect(handlers.on_notice_published, dispatch_uid="notifications.notice_published")

        objection_lodged.connect(handlers.on_objection_lodged, dispatch_uid="notifications.objection")
        list_announced.connect(handlers.on_list_announced, dispatch_uid="notifications.announced")
        certificate_issued.connect(handlers.on_certificate_issued, dispatch_uid="notifications.certificate")
        try:
            from apps.review.signals import expert_assigned, expert_recused, proposal_gap, recusal_gap, score_reopened
        except ImportError:  # the review app may not provide it yet
            return
        expert_assigned.connect(handlers.on_expert_assigned, dispatch_uid="notifications.assignment")
        score_reopened.connect(handlers.on_score_reopened, dispatch_uid="notifications.score_reopened")
        expert_recused.connect(handlers.on_expert_recused, dispatch_uid="notifications.expert_recused")
        recusal_gap.connect(handlers.on_recusal_gap, dispatch_uid="notifications.recusal_gap")
        proposal_gap.connect(handlers.on_proposal_gap, dispatch_uid="notifications.proposal_gap")
