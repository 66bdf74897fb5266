from django.db import migrations

from apps.core.append_only import append_only_trigger


class Migration(migrations.Migration):
    """PostgreSQL refuses UPDATE and DELETE on the admin's change record (nothing on SQLite)."""

    dependencies = [
        ("accounts", "0003_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [append_only_trigger("django_admin_log")]
