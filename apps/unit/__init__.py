"""Screens of the recommending unit: its inbox, verification and the tracking service."""
