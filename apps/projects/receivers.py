"""Keeps each project's search text (apps/projects/search.py) current when its organisation's
name or credit code changes."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from apps.organizations.models import Organization


@receiver(post_save, sender=Organization, dispatch_uid="projects-search-text-organization")
def organization_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields is not None and not {"name", "credit_code"} & set(update_fields)):
        return
    from .models import Project
    from .search import refresh

    refresh(Project.objects.filter(organization=instance).select_related("organization"))
