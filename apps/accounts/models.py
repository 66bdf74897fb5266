from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property

from .roles import Role


class User(AbstractUser):
    """A person using the portal. Roles are groups; a user belongs to an organisation,
    a recommender unit or neither (commission, agency, experts)."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name="所属申报组织",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    recommender = models.ForeignKey(
        "recommenders.RecommenderUnit",
        verbose_name="所属推荐单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.full_name or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        if not self.is_authenticated or not self.pk:
            return frozenset()
        # Only the role groups count as roles.
        return frozenset(self.groups.filter(name__in=Role.values).values_list("name", flat=True))

    def has_role(self, *roles: Role) -> bool:
        return any(role in self.role_names for role in roles)

    @property
    def role_label(self):
        return "、".join(sorted(self.role_names)) or "—"
