"""Signals of awards (notifications listens; awards imports nothing from it).

All are sent after the transaction has committed."""

from django.dispatch import Signal

# kwargs: objection
objection_lodged = Signal()
# kwargs: objection
objection_decided = Signal()
# kwargs: award_list — the list was published as a public notice (第十七条).
notice_published = Signal()
# kwargs: award_list, best_organizations (list of BestOrganizationAward)
list_announced = Signal()
# kwargs: certificate — its PDF was rendered for the first time (it can be downloaded).
certificate_issued = Signal()
