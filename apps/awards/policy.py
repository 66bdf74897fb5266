"""Who may do what in awards (第十七条 to 第二十一条), as django-rules predicates.

Final decisions are the commission's alone (第十七条, 第二十一条); the agency prepares and
handles on its behalf (第五条(二)). The screens, the services and the templates ask these."""

import rules

from apps.accounts import policy as accounts


@rules.predicate
def is_awarded_project(user, project):
    return project is not None and project.state == "awarded"


# Read the lists, prepare them, record investigations of objections.
rules.add_perm("awards.manage_list", accounts.programme_staff)
# Decide levels and the best-organisation awards, publish, announce, conclude objections.
rules.add_perm("awards.decide", accounts.commission)
# 第二十一条: revoke an award (the project given is awarded, not yet revoked).
rules.add_perm("awards.revoke", accounts.commission & is_awarded_project)
