"""Who may do what with a campaign (第八条, 第十一条), as django-rules predicates.

The agency prepares the work plan and the 立项审核 lists on the commission's behalf
(第五条(二)); publishing and the final decisions are the commission's alone (第八条, 第十一条)."""

import rules

from apps.accounts import policy as accounts

rules.add_perm("campaigns.manage", accounts.programme_staff)
rules.add_perm("campaigns.decide", accounts.commission)


accounts.admin_permissions("campaigns", "campaign", "rubriccriterion")
