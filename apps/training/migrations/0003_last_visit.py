"""Each project's last_visit_on (projects 0019) set from the visits already recorded."""

from django.db import migrations
from django.db.models import Max, OuterRef, Subquery


def set_last_visits(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    TrackingVisit = apps.get_model("training", "TrackingVisit")
    latest = (
        TrackingVisit.objects.filter(project_id=OuterRef("pk")).order_by().values("project_id").annotate(m=Max("visited_on")).values("m")
    )
    Project.objects.filter(tracking_visits__isnull=False).distinct().update(last_visit_on=Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0019_last_visit"),
        ("training", "0002_visit_project_day_index"),
    ]

    operations = [migrations.RunPython(set_last_visits, migrations.RunPython.noop)]
