"""Fill Project.search_text, and on PostgreSQL index it with a trigram GIN index (pg_trgm), so
that the search's ``LIKE '%…%'`` does not scan the table. SQLite keeps the plain column."""

from django.db import migrations

PDCA_FIELDS = (
    "plan_reason",
    "plan_current_state",
    "plan_goal",
    "plan_cause_analysis",
    "plan_countermeasures",
    "do_implementation",
    "check_method",
    "act_standardisation",
    "act_summary",
    "results_summary",
)


def fill(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    TeamMember = apps.get_model("projects", "TeamMember")
    names = {}
    for project_id, name in TeamMember.objects.order_by("pk").values_list("project_id", "name"):
        names.setdefault(project_id, []).append(name)
    for project in Project.objects.select_related("organization").iterator(chunk_size=500):
        parts = [project.title, project.organization.name, project.organization.credit_code, " ".join(names.get(project.pk, []))]
        parts += [getattr(project, name) or "" for name in PDCA_FIELDS]
        text = "\n".join(p for p in parts if p).lower()
        Project.objects.filter(pk=project.pk).update(search_text=text)


def index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS projects_project_search_trgm ON projects_project USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS projects_project_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("projects", "0009_versions")]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(index, drop_index),
    ]
