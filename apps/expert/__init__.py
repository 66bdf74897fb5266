"""Screens of the expert: pledge, conflicts, review and scores."""
