"""The five roles of DESIGN.md §1. Each role is a Django group named by its Chinese label."""

from django.db import models


class Role(models.TextChoices):
    APPLICANT = "申报组织", "申报组织"
    RECOMMENDER = "推荐单位", "推荐单位"
    COMMISSION = "市市场监管委", "市市场监管委"
    AGENCY = "第三方机构", "第三方机构"
    EXPERT = "专家", "专家"


STAFF_ROLES = frozenset({Role.COMMISSION, Role.AGENCY})


def ensure_role_groups():
    from django.contrib.auth.models import Group

    return {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
