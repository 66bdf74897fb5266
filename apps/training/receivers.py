"""第十三条: each project's ``last_visit_on`` follows its visits. Every visit saved or deleted,
through whichever door (the unit's screens through apps.training.services, the admin, a
cascade), sets it again from the visits themselves: the latest day among them, None when none
is left; a visit moved to another project (in the admin) sets both. A bulk write that sends no
signal (QuerySet.update, bulk_create) must call :func:`refresh_last_visit` itself."""

from django.db.models import Max, OuterRef, Subquery
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from apps.projects.models import Project

from .models import TrackingVisit


def refresh_last_visit(*project_ids):
    """Set ``last_visit_on`` of the projects ``project_ids`` from their visits, in one UPDATE."""
    latest = TrackingVisit.objects.filter(project_id=OuterRef("pk")).order_by().values("project_id").annotate(day=Max("visited_on")).values("day")
    Project.objects.filter(pk__in=set(project_ids) - {None}).update(last_visit_on=Subquery(latest))


@receiver(post_init, sender=TrackingVisit, dispatch_uid="training-last-visit-loaded")
def visit_loaded(sender, instance, **kwargs):
    # The project the visit was read with: a save that moves it refreshes that one too.
    instance._loaded_project_id = instance.__dict__.get("project_id")


@receiver(post_save, sender=TrackingVisit, dispatch_uid="training-last-visit-saved")
def visit_saved(sender, instance, **kwargs):
    refresh_last_visit(instance.project_id, instance._loaded_project_id)
    instance._loaded_project_id = instance.project_id


@receiver(post_delete, sender=TrackingVisit, dispatch_uid="training-last-visit-deleted")
def visit_deleted(sender, instance, **kwargs):
    refresh_last_visit(instance.project_id)
