"""The demo's transitions fill every user's inbox; their e-mails are not sent (the console
would print hundreds while `make run` loads the data). Notifications made afterwards are
e-mailed as usual."""

from django.db import transaction

from . import services


def seed(ctx):
    # The transitions' notifications are created after the demo's transaction commits, in the
    # order their callbacks were registered; this one was registered last, so it ends the quiet
    # period after all of them.
    services._seeding = True
    transaction.on_commit(_done)


def _done():
    services._seeding = False
