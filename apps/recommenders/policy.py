"""Who may use the recommender screens (第九条, 第十条, 第十五条), as django-rules predicates:
a user of a recommender unit. Which project is theirs to verify is ``projects.verify``
(apps.projects.policy)."""

import rules

from apps.accounts import policy as accounts

rules.add_perm("recommenders.use_inbox", accounts.recommender)


@rules.predicate
def bureau_of_stated_district(user, organization):
    """第六条: the user's unit is the district bureau of the district the organisation states."""
    from .models import RecommenderKind

    unit = getattr(user, "recommender", None)
    return (
        unit is not None
        and organization is not None
        and unit.kind == RecommenderKind.DISTRICT_AMR
        and bool(unit.district)
        and unit.district == organization.district
    )


# 第六条: a district bureau confirms that an organisation belongs to its district when the
# credit code names another one (apps.recommenders.scope.confirm_district).
rules.add_perm("recommenders.confirm_district", accounts.recommender & bureau_of_stated_district)


accounts.admin_permissions("recommenders", "recommenderunit", "recommenderverification")
