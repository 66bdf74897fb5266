"""Project search for staff and recommending units (what each may see is decided before: the
caller passes the visible projects). One text per project, ``Project.search_text``: title,
organisation name and credit code, the team members' names and the PDCA text. On PostgreSQL a
trigram GIN index (pg_trgm, migration 0010) serves ``ILIKE '%…%'`` on it; on SQLite the same
query scans."""

from django.db.models import F, Q, Value
from django.db.models.functions import StrIndex

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
    if not words:
        return queryset
    condition = Q()
    for n, word in enumerate(words):
        if len(word) >= 3:
            # LIKE '%word%': served by the trigram index on PostgreSQL.
            condition &= Q(search_text__contains=word)
        else:
            # Under three characters a trigram index has nothing to look up (PostgreSQL would
            # read the whole index): strpos() makes it a plain scan of the rows instead.
            name = f"_search_{n}"
            queryset = queryset.annotate(**{name: StrIndex(F("search_text"), Value(word))})
            condition &= Q(**{f"{name}__gt": 0})
    return queryset.filter(condition)
