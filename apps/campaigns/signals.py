"""Signals of campaigns (notifications listens; campaigns imports nothing from it).

Sent after the transaction has committed."""

from django.dispatch import Signal

# kwargs: campaign — the project plan was published (第十一条).
plan_published = Signal()
