"""Who may do what with organisations, as django-rules predicates: the applicant account that
acts for its organisation (第六条), and the admin's permissions. Bans change only with a
revocation (第二十一条, apps.awards.services.revocation)."""

import rules

from apps.accounts import policy as accounts

rules.add_perm("organizations.view_own", accounts.of_an_organization)

accounts.admin_permissions("organizations", "organization")
accounts.admin_permissions("organizations", "organizationban", read_only=True)
