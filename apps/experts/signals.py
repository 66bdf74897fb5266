"""Signals of the review (listened to by notifications; imported by nobody upstream)."""

from django.dispatch import Signal

# Sent after commit when an expert is given a project (also for a replacement after recusal).
# kwargs: assignment (ReviewAssignment), expert_user (User), project (Project).
expert_assigned = Signal()
