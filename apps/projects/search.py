"""Project search for staff and recommending units (what each may see is decided before: the
caller passes the visible projects). One text per project, ``Project.search_text``: title,
organisation name and credit code, the team members' names and the PDCA text.

On PostgreSQL a word of two characters — most Chinese words — is one lookup in the index of
the text's character bigrams (``tjqa_bigrams``, GIN, migration 0014), exact with no further
check; a longer word is a ``LIKE '%…%'`` served by the trigram index (migration 0010), which
cannot look up two characters. On SQLite the same words scan."""

from django.db import connections
from django.db.models import BooleanField, F, Func, Q, TextField, Value
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


class _Bigrams(Func):
    function = "tjqa_bigrams"
    output_field = TextField()


class _Contains(Func):
    """``tjqa_bigrams(search_text) @@ '<bigram>' & …`` — the GIN index's expression, exactly."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


class _TsQuery(Func):
    template = "%(expressions)s::tsquery"
    output_field = TextField()


def bigram_query(words):
    """The tsquery of two-character words: each one bigram, quoted as a lexeme ('质量' & '管理')."""
    return " & ".join("'" + word.replace("\\", "\\\\").replace("'", "''") + "'" for word in words)


def matching(queryset, text):
    """The projects of ``queryset`` whose title, organisation, credit code, people or PDCA text
    contain ``text`` (every word of it, in any order)."""
    words = [w for w in (text or "").lower().split() if w][:5]
    if not words:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return _matching_on_postgresql(queryset, words)
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


def _matching_on_postgresql(queryset, words):
    longer = [word for word in words if len(word) > 2]
    pairs = [word for word in words if len(word) == 2]
    if longer:
        # The trigram index finds the longer words' rows; the other words are checked on those
        # rows alone (a bigram condition there would be recomputed row by row on recheck).
        for word in longer:
            queryset = queryset.filter(search_text__contains=word)
        pairs, rest = [], [word for word in words if len(word) <= 2]
    else:
        rest = [word for word in words if len(word) < 2]
    if pairs:
        queryset = queryset.filter(_Contains(_Bigrams(F("search_text")), _TsQuery(Value(bigram_query(pairs)))))
    for n, word in enumerate(rest):
        name = f"_search_{n}"
        queryset = queryset.annotate(**{name: StrIndex(F("search_text"), Value(word))}).filter(**{f"{name}__gt": 0})
    return queryset
