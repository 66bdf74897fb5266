"""The admin's permissions for notifications (each user reads their own inbox; who receives
what is decided where the event happens)."""

from apps.accounts import policy as accounts

accounts.admin_permissions("notifications", "notification", "notificationpreference")
