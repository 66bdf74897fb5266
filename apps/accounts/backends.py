"""Signing in with a username and password, and reading the signed-in user on each request."""

from django.contrib.auth.backends import ModelBackend

from .models import User


class AccountBackend(ModelBackend):
    """Django's model backend; the user of a session is read with the recommending unit it
    acts for, in the same query: every page of a unit asks for the unit's scope (which
    projects it may see, 第六条), which otherwise cost a query of its own on each request."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("recommender").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
