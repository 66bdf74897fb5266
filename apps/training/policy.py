"""Who may do what in training and tracking (第十二条, 第十三条), as django-rules predicates.

The commission trains and the agency registers on its behalf (第十二条, 第五条(二)); the unit
a project is routed to follows it with tracking visits once it is in the plan (第十三条)."""

import rules

from apps.accounts import policy as accounts
from apps.projects import policy as projects

from apps.projects.states import PLAN_STATES as TRACKABLE_STATES  # as apps.training.selectors


@rules.predicate
def is_trackable(user, project):
    return project is not None and project.state in TRACKABLE_STATES


@rules.predicate
def is_of_chosen_unit(user, project):
    return project is not None and user.recommender_id is not None and user.recommender_id == project.recommender_id


rules.add_perm("training.register", accounts.programme_staff)
# 第十三条: the units follow their projects; the commission and the agency read every visit.
rules.add_perm("training.track", accounts.recommender)
rules.add_perm("training.see_tracking", accounts.recommender | accounts.programme_staff)
rules.add_perm("training.record_visit", is_trackable & is_of_chosen_unit & projects.recommender_of_project)


accounts.admin_permissions("training", "trainingsession", "attendance", "trackingvisit")
