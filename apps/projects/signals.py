from django.dispatch import Signal

# Sent after the transaction that changed a project's state has committed.
# kwargs: project, transition (name), from_state, to_state, actor, comment, log (ProjectTransition)
project_transitioned = Signal()
