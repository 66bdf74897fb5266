"""Keeps each project's search text (apps/projects/search.py) current when its organisation's
name or credit code changes, and returns an application to the applicant when the unit it waits
at no longer covers its organisation (第九条, apps/projects/scope_changes.py)."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from apps.organizations.models import Organization
from apps.recommenders.models import RecommenderUnit


@receiver(post_save, sender=Organization, dispatch_uid="projects-search-text-organization")
def organization_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or (update_fields is not None and not {"name", "credit_code"} & set(update_fields)):
        return
    from .models import Project
    from .search import refresh

    refresh(Project.objects.filter(organization=instance).select_related("organization"))


# ---- 第九条: an application waits at a unit only while the unit's scope includes it ----------

# The fields a scope is read from (apps.recommenders.scope.covers): a save of other fields only
# (a name, a contact) cannot move anything out of scope.
ORGANIZATION_SCOPE_FIELDS = frozenset({"credit_code", "district", "district_confirmed", "industry"})
UNIT_SCOPE_FIELDS = frozenset({"kind", "district", "industries"})


def _scope_untouched(update_fields, scope_fields):
    return update_fields is not None and not scope_fields & set(update_fields)


@receiver(post_save, sender=Organization, dispatch_uid="projects-scope-organization")
def organization_scope_may_have_changed(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """Its district, the confirmation of a stated district or its industry changed."""
    if created or raw or _scope_untouched(update_fields, ORGANIZATION_SCOPE_FIELDS):
        return
    from .scope_changes import return_out_of_scope

    return_out_of_scope(organization=instance)


@receiver(post_save, sender=RecommenderUnit, dispatch_uid="projects-scope-unit")
def unit_scope_may_have_changed(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A unit's kind, district or industries changed."""
    if created or raw or _scope_untouched(update_fields, UNIT_SCOPE_FIELDS):
        return
    from .scope_changes import return_out_of_scope

    return_out_of_scope(unit=instance)


@receiver(m2m_changed, sender=RecommenderUnit.member_organizations.through, dispatch_uid="projects-scope-members")
def members_removed(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    """A group or association removed members (from either side of the relation)."""
    if action not in ("post_remove", "post_clear"):
        return
    from .scope_changes import return_out_of_scope

    if reverse:  # organization.groups.remove(unit…) / .clear()
        return_out_of_scope(organization=instance)
    else:
        return_out_of_scope(unit=instance)
