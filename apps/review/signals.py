"""Signals of the review (listened to by notifications; imported by nobody upstream)."""

from django.dispatch import Signal

# Sent after commit when an expert is given a project (also for a replacement after recusal).
# kwargs: assignment (ReviewAssignment), expert_user (User), project (Project).
expert_assigned = Signal()

# Sent after commit when the agency returns a submitted score to its expert for correction.
# kwargs: assignment (ReviewAssignment), expert_user (User), project (Project), reason (str).
score_reopened = Signal()

# Sent after commit when the agency records a recusal on an expert's behalf (第二十二条).
# kwargs: assignment (ReviewAssignment), expert_user (User), project (Project), reason (str).
expert_recused = Signal()

# Sent after commit when a recusal leaves a project without a replacement (第二十二条): the panel
# has closed, or nobody eligible is left. The agency is told.
# kwargs: assignment (the recused ReviewAssignment), project (Project), reason (str), why (str).
recusal_gap = Signal()

# Sent after commit when a recusal after the review closed excluded a score (第二十二条): the
# proposal was recomputed (``recomputed`` True) or, the list already decided, left for the
# commission. kwargs: campaign (Campaign), project (Project), message (str), recomputed (bool).
proposal_gap = Signal()
