"""Who may use the recommender screens (第九条, 第十条, 第十五条), as django-rules predicates:
a user of a recommender unit. Which project is theirs to verify is ``projects.verify``
(apps.projects.policy)."""

import rules

from apps.accounts import policy as accounts

rules.add_perm("recommenders.use_inbox", accounts.recommender)


accounts.admin_permissions("recommenders", "recommenderunit", "recommenderverification")
