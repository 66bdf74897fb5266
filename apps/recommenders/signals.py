from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from apps.accounts.models import User

from apps.organizations.models import Organization

from .models import RecommenderUnit


def sync_unit_groups(user):
    """Keep the user in exactly the guardian groups of its organisation and recommender unit."""
    wanted = set()
    if user.organization_id:
        wanted.add(Organization.objects.values_list("group_id", flat=True).get(pk=user.organization_id))
    if user.recommender_id:
        wanted.add(RecommenderUnit.objects.values_list("group_id", flat=True).get(pk=user.recommender_id))
    wanted.discard(None)
    unit_group_ids = set(
        user.groups.filter(name__regex=r"^(申报组织|推荐单位)·").values_list("pk", flat=True)
    )
    if unit_group_ids - wanted:
        user.groups.remove(*(unit_group_ids - wanted))
    if wanted - unit_group_ids:
        user.groups.add(*(wanted - unit_group_ids))


@receiver(post_save, sender=User, dispatch_uid="sync_unit_groups")
def _user_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_unit_groups(instance)


def _delete_unit_group(sender, instance, **kwargs):
    """A deleted organisation or unit takes its guardian group (and its grants) with it."""
    if instance.group_id:
        from django.contrib.auth.models import Group

        Group.objects.filter(pk=instance.group_id).delete()


post_delete.connect(_delete_unit_group, sender=Organization, dispatch_uid="delete_organization_group")
post_delete.connect(_delete_unit_group, sender=RecommenderUnit, dispatch_uid="delete_unit_group")
