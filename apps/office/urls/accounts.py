"""The commission's account screens, in the ``accounts`` namespace."""

from django.urls import path

from apps.office.views import accounts

urlpatterns = [
    path("locked/", accounts.locked_accounts, name="locked"),
    path("locked/unlock/", accounts.unlock_account, name="unlock"),
]
