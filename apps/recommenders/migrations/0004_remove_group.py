from django.db import migrations


class Migration(migrations.Migration):
    # Apart from 0003: PostgreSQL does not alter a table with row deletions pending in the
    # same transaction.
    dependencies = [
        ('recommenders', '0003_drop_access_group'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='recommenderunit',
            name='group',
        ),
    ]
