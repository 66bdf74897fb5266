from django.db import migrations


class Migration(migrations.Migration):
    # Apart from 0003: PostgreSQL does not alter a table with row deletions pending in the
    # same transaction.
    dependencies = [
        ('organizations', '0004_drop_access_group'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='organization',
            name='group',
        ),
    ]
