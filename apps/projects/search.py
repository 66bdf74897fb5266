"""Project search for staff and recommending units (what each may see is decided before: the
caller passes the visible projects). One text per project, ``Project.search_text``: title,
organisation name and credit code, the team members' names and the PDCA text. On PostgreSQL a
trigram GIN index (pg_trgm, migration 0006) serves ``ILIKE '%…%'`` on it; on SQLite the same
query scans."""

from django.db.models import Q

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


def search_document(project, *, organization=None, team_names=None):
    """The searchable text of a project (lower-cased, so that Latin letters match either case)."""
    organization = organization if organization is not None else project.organization
    if team_names is None:
        team_names = list(project.team_members.values_list("name", flat=True)) if project.pk else []
    parts = [project.title, organization.name, organization.credit_code, " ".join(team_names)]
    parts += [getattr(project, name) or "" for name in PDCA_FIELDS]
    return "\n".join(p for p in parts if p).lower()


def refresh(projects):
    """Write the search text of ``projects`` again (a team or an organisation changed)."""
    from .models import Project

    for project in projects:
        Project.objects.filter(pk=project.pk).update(search_text=search_document(project))


def matching(queryset, text):
    """The projects of ``queryset`` whose title, organisation, credit code, people or PDCA text
    contain ``text`` (every word of it, in any order)."""
    words = [w for w in (text or "").lower().split() if w][:5]
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    return queryset.filter(condition) if words else queryset
