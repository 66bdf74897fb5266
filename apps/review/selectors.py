"""Reads of the review, shaped so lists cost a constant number of queries."""

from dataclasses import dataclass

import rules
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.http import Http404

from apps.accounts.models import User
from apps.campaigns.models import ProjectType
from apps.core.json_lists import JSONSize
from apps.core.statements import Statement, page_bounds
from apps.core.subqueries import count_of
from apps.projects.models import Project
from apps.projects.selectors import material_of

from .models import (
    BestOrganizationEntry,
    ConfidentialityPledge,
    Conflict,
    CriterionScore,
    Expert,
    ExpertStatus,
    Panel,
    PanelDraw,
    PanelMember,
    ProposalEntry,
    ReviewAssignment,
    ReviewAuditEvent,
    Score,
    ScoringStatus,
)


def proposal_for_campaign(campaign):
    """第十六条: the ranked proposal of ``campaign`` (rank 1 first)."""
    return (
        ProposalEntry.objects.filter(campaign=campaign)
        .select_related("project", "project__campaign", "project__organization", "project__recommender", "adjusted_by")
        .order_by("rank", "project_id")
    )


# The ranking page's level filter: the three levels and "no award" (a blank proposed level).
NO_AWARD = "none"


def proposal_in_scope(campaign, scope=None, *, panel=None, level=""):
    """第十六条、第二十三条: the ranked proposal as ``scope`` may see it (None: all of it, else a set
    of project ids, a chair's own panel), optionally only ``panel``'s projects and one ``level``
    (``NO_AWARD`` for the projects proposed for none)."""
    from apps.projects.models.project import LONG_TEXT_FIELDS

    qs = proposal_for_campaign(campaign).defer(*(f"project__{name}" for name in LONG_TEXT_FIELDS))
    if scope is not None:
        qs = qs.filter(project_id__in=scope)
    if panel is not None:
        qs = qs.filter(Exists(ReviewAssignment.objects.filter(panel=panel, project_id=OuterRef("project_id"))))
    if level == NO_AWARD:
        qs = qs.filter(proposed_level="")
    elif level:
        qs = qs.filter(proposed_level=level)
    return qs


def _level_counts(entries):
    """(0, level, entries, finalised entries) a level of the proposal's ``entries``."""
    return (
        entries.order_by()
        .values("proposed_level")
        .annotate(kind=Value(0), n=Count("pk"), n_final=Count("pk", filter=Q(finalised=True)))
        .values_list("kind", "proposed_level", "n", "n_final")
    )


def _unit_counts(campaign_id):
    """(1, "", units, units proposed) of the best-organisation proposal."""
    return (
        BestOrganizationEntry.objects.filter(campaign_id=campaign_id)
        .order_by()
        .annotate(kind=Value(1), level=Value(""))
        .values("kind", "level")
        .annotate(n=Count("pk"), n_final=Count("pk", filter=Q(proposed=True)))
        .values_list("kind", "level", "n", "n_final")
    )


def _campaign_summary(campaign_id):
    return _level_counts(ProposalEntry.objects.filter(campaign_id=campaign_id)).union(_unit_counts(campaign_id), all=True)


_CAMPAIGN_SUMMARY = Statement(_campaign_summary)


def proposal_summary(campaign, scope=None, *, with_units=False):
    """Counted by the database, not from rendered rows: {level or NO_AWARD: n} of the proposal
    ``scope`` may see, whether it is finalised, and ``with_units`` the best-organisation
    proposal's (units ranked, units proposed) — else None — read in the same query (for the
    whole campaign's, with the units: its statement compiled once)."""
    if scope is None and with_units:
        # The commission's page: one statement, compiled once.
        rows = _CAMPAIGN_SUMMARY.rows(campaign.pk)
    else:
        qs = ProposalEntry.objects.filter(campaign=campaign)
        if scope is not None:
            qs = qs.filter(project_id__in=scope)
        rows = _level_counts(qs)
        if with_units:
            rows = rows.union(_unit_counts(campaign.pk), all=True)
    counts = {NO_AWARD: 0}
    finalised = False
    unit_counts = (0, 0) if with_units else None
    for kind, level, n, n_final in rows:
        if kind == 1:
            unit_counts = (n, n_final)
            continue
        counts[level or NO_AWARD] = counts.get(level or NO_AWARD, 0) + n
        finalised = finalised or n_final > 0
    return counts, finalised, unit_counts


def chair_positions(campaign, scope):
    """{project id: place in the proposal among the ``scope``'s projects}: a chair sees the order
    within the own panel, not the campaign-wide rank (第二十三条). Ids only, one query."""
    ids = (
        ProposalEntry.objects.filter(campaign=campaign, project_id__in=scope)
        .order_by("rank", "project_id")
        .values_list("project_id", flat=True)
    )
    return {project_id: place for place, project_id in enumerate(ids, start=1)}


def ranking_panels(campaign, *, chaired_by=None):
    """The panels the ranking page can be filtered by, a list: all of ``campaign``'s (one
    statement, compiled once), or those ``chaired_by`` chairs (a chair sees the own panel
    only, 第二十三条)."""
    if chaired_by is None:
        return _PANELS_OF.rows(campaign.pk)
    return list(_panels_of(campaign.pk).filter(chair__user=chaired_by))


def _panels_of(campaign_id):
    return Panel.objects.filter(campaign_id=campaign_id).only("pk", "name", "campaign_id").order_by("pk")


_PANELS_OF = Statement(_panels_of)


def pending_review_project_ids(campaign, scope=None, *, panel=None):
    """第十六条: the keys of the projects under review whose scores are not all in yet (no
    proposal entry), in key order: the rows of the ranking page's pending list, paged by the
    screen (their number is the list's count). Keys only, read from an index: reading the
    rows' columns with the anti-join sorted every pending project's row to show twenty. The
    commission's list without a panel: one statement, compiled once."""
    if scope is None and panel is None:
        return _PENDING_KEYS.rows(campaign.pk)
    qs = _pending_keys(campaign.pk)
    if scope is not None:
        qs = qs.filter(pk__in=scope)
    if panel is not None:
        qs = qs.filter(Exists(ReviewAssignment.objects.filter(panel=panel, project_id=OuterRef("pk"))))
    return list(qs)


def _pending_keys(campaign_id):
    from apps.projects.states import State

    return (
        Project.objects.filter(campaign_id=campaign_id, state=State.UNDER_REVIEW)
        .exclude(Exists(ProposalEntry.objects.filter(campaign_id=campaign_id, project_id=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


_PENDING_KEYS = Statement(_pending_keys)


def _pending_rows(*project_ids):
    return (
        Project.objects.filter(pk__in=project_ids)
        .order_by("pk", "review_assignments__expert__name", "review_assignments__pk")
        .values_list(
            "pk", "title", "organization__name", "review_assignments__status", "review_assignments__panel__campaign_id",
            "review_assignments__expert__name", "review_assignments__score__status",
        )
    )


_PENDING_ROWS = Statement(_pending_rows)


def pending_review_rows(campaign, project_ids):
    """The pending list's rows for ``project_ids`` (one page of pending_review_project_ids), in
    key order: each project's key, title and ``organization_name``, its active assignments in
    ``campaign`` (``n``), their submitted scores (``done``) and the names of the experts yet
    to submit (``missing``, by name). One query: the projects with all their assignments
    joined, the active ones of the campaign kept here (a statement compiled once for each
    number of keys a page has)."""
    if not project_ids:
        return []
    rows = {}
    for pk, title, organization_name, status, campaign_id, name, score_status in _PENDING_ROWS.rows(*project_ids):
        row = rows.get(pk)
        if row is None:
            row = rows[pk] = {"pk": pk, "title": title, "organization_name": organization_name, "n": 0, "done": 0, "missing": []}
        if status != ReviewAssignment.Status.ACTIVE or campaign_id != campaign.pk:
            continue
        row["n"] += 1
        if score_status == Score.Status.SUBMITTED:
            row["done"] += 1
        else:
            row["missing"].append(name)
    return list(rows.values())


def best_organization_proposal(campaign):
    """第十六条: recommender units ranked for the best-organisation award."""
    return (
        BestOrganizationEntry.objects.filter(campaign=campaign)
        .select_related("recommender")
        .order_by("rank", "recommender_id")
    )


def expert_of(user):
    """The user's expert profile, or None (one query, compiled once: every page of the
    expert's asks it)."""
    if not user.is_authenticated:
        return None
    found = _EXPERT_OF_USER.rows(user.pk)
    return found[0] if found else None


# One profile a user (a one-to-one field): no order, no limit.
_EXPERT_OF_USER = Statement(lambda user_pk: Expert.objects.filter(user=user_pk).order_by())


def expert_list(*, q="", status="", specialty=""):
    """The pool, filtered and in the list's order, each expert with the login name
    (``username``) and the number of open assignments (``open_assignments``)."""
    # The count by subquery: computed for the page's rows only, where a join and GROUP BY
    # aggregated the whole pool's assignments before the page was cut (and again to count it).
    # The login name likewise: joining the users hashed every account before the sort.
    qs = Expert.objects.annotate(
        username=Subquery(User.objects.filter(pk=OuterRef("user_id")).values("username")),
        open_assignments=count_of(
            ReviewAssignment.objects.filter(expert_id=OuterRef("pk"), status=ReviewAssignment.Status.ACTIVE),
            # Answered from the (expert, status, panel) index alone: counting keys read each
            # of an expert's hundred-odd assignments from the table (4.5 → 1.6 ms a page).
            counted=None,
        )
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(employer_name__icontains=q) | Q(user__username__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if specialty:
        qs = qs.with_specialty(specialty)
    return qs.order_by("status", "name", "pk")


# The columns of expert_list the pool's list shows; pool_rows adds the labels.
POOL_COLUMNS = (
    "pk", "name", "username", "employer_name", "employer_credit_code", "title", "specialties",
    "term_start", "term_end", "status", "open_assignments",
)


def pool_rows(rows):
    """``rows`` (a page of expert_list as POOL_COLUMNS values) with the specialties' and the
    status's labels: fifty experts and their accounts were built as models for these columns."""
    statuses = dict(ExpertStatus.choices)
    return [
        {
            **row,
            "specialties_label": Expert.specialties_label(row["specialties"]),
            "status_label": statuses.get(row["status"], row["status"]),
        }
        for row in rows
    ]


def panel_rows(campaign) -> list[dict]:
    """The year's panels as the panel list shows them, in the order they were formed, read as
    values: key, name, specialty (``specialty_label``, 综合 for all), the chair's name (None
    for none), number of members and of projects, status (``status_label``) and the time it
    was formed. Compiled once a process (_PANEL_ROWS); the campaign's key is its parameter."""
    statuses = dict(Panel.Status.choices)
    rows = _PANEL_ROWS.rows(campaign.pk)
    for row in rows:
        row["specialty_label"] = Panel.specialty_label_of(row["specialty"])
        row["status_label"] = statuses.get(row["status"], row["status"])
    return rows


_PANEL_ROWS = Statement(
    lambda campaign_id: Panel.objects.filter(campaign_id=campaign_id)
    .annotate(
        member_count=count_of(PanelMember.objects.filter(panel=OuterRef("pk"))),
        project_count=count_of(ReviewAssignment.objects.filter(panel=OuterRef("pk")), counted="project_id", distinct=True),
    )
    .order_by("pk")
    .values("pk", "name", "specialty", "status", "created_at", "chair__name", "member_count", "project_count")
)


def panel_members(panel):
    """The panel's members in name order, as its screen lists them, read as values: key, name,
    employer, specialties (``specialties_label``), status (``status_label``, ``is_active``),
    active assignments this year (``load``) and scores submitted in this panel (``done``)."""
    statuses = dict(ExpertStatus.choices)
    return [
        {
            "pk": pk,
            "name": name,
            "employer_name": employer_name,
            "specialties": specialties,
            "status": status,
            "load": load,
            "done": done,
            "specialties_label": Expert.specialties_label(specialties),
            "status_label": statuses.get(status, status),
            "is_active": status == ExpertStatus.ACTIVE,
        }
        for pk, name, employer_name, specialties, status, load, done in _MEMBER_ROWS.rows(panel.pk)
    ]


def _member_rows(panel_id):
    """The memberships of a panel with what panel_members shows of each member. Each count is
    a subquery on the member's own assignments: joining every member to all its assignments
    and scores and then grouping took several times longer. The counts refer to the
    membership's panel and its campaign (OuterRef), so the panel's key is the statement's one
    parameter: it is compiled once a process (_MEMBER_ROWS), where building the two subqueries
    took 1 ms a request and compiling the query another 0.35."""
    active = ReviewAssignment.objects.filter(expert_id=OuterRef("expert_id"), status=ReviewAssignment.Status.ACTIVE)
    return (
        PanelMember.objects.filter(panel_id=panel_id)
        .annotate(
            load=count_of(active.filter(panel__campaign=OuterRef("panel__campaign_id"))),
            done=count_of(active.filter(panel=OuterRef("panel_id"), score__status=Score.Status.SUBMITTED)),
        )
        .order_by("expert__name", "expert_id")
        .values_list(
            "expert_id", "expert__name", "expert__employer_name", "expert__specialties", "expert__status", "load", "done"
        )
    )


_MEMBER_ROWS = Statement(_member_rows)


def panel_project_ids(panel):
    """The ids of the projects assigned to ``panel`` (each once), in id order: the rows of its
    progress table, paged by the screen (their number is with_screen_counts' ``n_projects``).
    Read from the panel's assignments (an index of a few hundred rows at most): filtering the
    projects by an EXISTS made PostgreSQL walk every project of every year by primary key to
    find them. A queryset: a page of it stays a subquery of panel_progress's query."""
    return ReviewAssignment.objects.filter(panel=panel).order_by("project_id").values_list("project_id", flat=True).distinct()


def panel_progress(panel, page):
    """The progress table's rows for ``page`` (a page of panel_project_ids: its number and its
    paginator's size are read), in id order: each
    project's key, number, title and organisation, its assignments in key order
    (key, expert's name, status, recusal reason, scoring status, name of the expert replaced)
    and its counts of active assignments (``n``) and of submitted scores (``done``).

    Read as values: a page shows a couple of hundred assignments, and building a project, an
    expert, a score and a replaced assignment for each took longer than the queries. Two
    queries, not one: PostgreSQL took longer to plan the projects' three joins together with
    the assignments' four than to run both (3.5 against 2 ms at design scale). The projects'
    year is the panel's campaign's (a panel is given only its campaign's projects, 项目不属于本年度
    in services.assign_projects): joining the campaigns for it cost more to build than to run.
    Given the page as a subquery, PostgreSQL looks up the page's organisations by key; given
    its keys as a list, it read all 2,500 into a hash (0.6 → 0.2 ms at design scale). Both
    statements are compiled once a process (for each page's bounds, for each number of
    projects): writing them took 0.9 ms a request, longer than PostgreSQL ran them."""
    year = panel.campaign.year
    bottom, size = page_bounds(page)
    rows = {
        pk: {"pk": pk, "number": Project.number_of(year, pk), "title": title, "organization_name": organization, "assignments": [], "n": 0, "done": 0}
        for pk, title, organization in _PROGRESS_PROJECTS.rows(panel.pk, shape=(bottom, size))
    }
    if not rows:
        return []
    for pk, project_id, status, reason, name, score_status, replaces_name in _PROGRESS_ASSIGNMENTS.rows(panel.pk, *rows):
        row = rows[project_id]
        scoring_status = ReviewAssignment.scoring_status_of(status, score_status)
        is_active = status == ReviewAssignment.Status.ACTIVE
        row["assignments"].append(
            {
                "pk": pk,
                "expert_name": name,
                "is_active": is_active,
                "recusal_reason": reason,
                "scoring_status": scoring_status,
                "replaces_name": replaces_name,
            }
        )
        if is_active:
            row["n"] += 1
            if scoring_status == ScoringStatus.SUBMITTED:
                row["done"] += 1
    return list(rows.values())


_PROGRESS_PROJECTS = Statement(
    lambda panel_id, bottom, size: Project.objects.filter(pk__in=panel_project_ids(panel_id)[bottom : bottom + size])
    .order_by("pk")
    .values_list("pk", "title", "organization__name")
)
_PROGRESS_ASSIGNMENTS = Statement(
    lambda panel_id, *project_ids: ReviewAssignment.objects.filter(panel_id=panel_id, project_id__in=project_ids)
    .order_by("project_id", "pk")
    .values_list("pk", "project_id", "status", "recusal_reason", "expert__name", "score__status", "replaces__expert__name")
)


def panel_draws(panel):
    """The panel's draws, newest first, with what its screen lists of each: the time, kind,
    seed, project's title and operator, and the numbers of candidates and of experts excluded
    (``n_candidates``, ``n_excluded``) counted by the database, not read as the lists
    themselves, which name much of the pool in every draw."""
    return (
        PanelDraw.objects.filter(panel=panel)
        .select_related("operator", "project")
        .only(
            "panel_id", "created_at", "kind", "seed",
            "project__title", "project__state", "operator__username", "operator__full_name",
        )
        .annotate(n_candidates=JSONSize("candidates"), n_excluded=JSONSize("excluded"))
        .order_by("-created_at", "-pk")
    )


def with_screen_counts(panels):
    """``panels`` with the numbers their screen pages by, each a subquery of the one query:
    the panel's projects (``n_projects``, panel_project_ids), its draws (``n_draws``), its recusals not yet replaced (``n_gaps``, recusal_gaps
    of the panel) and the projects of its campaign waiting for a panel (``n_unassigned``,
    unassigned_projects). Counted from the bare filters: the lists' joins and columns only
    cost building the query."""
    panel, campaign = OuterRef("pk"), OuterRef("campaign_id")
    return panels.annotate(
        n_projects=count_of(ReviewAssignment.objects.filter(panel=panel), counted="project_id", distinct=True),
        n_draws=count_of(PanelDraw.objects.filter(panel=panel)),
        n_gaps=count_of(_unreplaced_recusals().filter(panel=panel)),
        n_unassigned=count_of(_waiting_for_panel(campaign)),
    )


def screen_panel(pk):
    """The panel ``pk`` as its screen reads it, or None: the columns it shows or filters by
    (name, specialty, status, the chair's name, the campaign's year and quota; a campaign's
    thirty columns and the chair's profile were each built for a year, a quota and a name)
    and with_screen_counts. Read by a statement compiled once a process (_SCREEN_PANEL):
    building the four counts' subqueries took 1.5 ms a request and compiling the query
    another 0.6, longer than PostgreSQL took to plan and run it."""
    panels = _SCREEN_PANEL.rows(pk)
    return panels[0] if panels else None


_SCREEN_PANEL = Statement(
    lambda pk: with_screen_counts(
        Panel.objects.select_related("campaign", "chair").only(
            "name", "specialty", "status", "chair__name", "campaign__year", "campaign__scorers_per_project"
        )
    ).filter(pk=pk)
)


def my_campaigns(expert):
    """The campaigns in which ``expert`` has assignments, newest first, each as (key, year,
    title, whether the expert signed its pledge): one query where the list read the years, the
    chosen campaign and the signed pledges in three."""
    return _MY_CAMPAIGNS.rows(expert.pk)


def _my_campaigns(expert_pk):
    from apps.campaigns.models import Campaign

    return (
        Campaign.objects.filter(Exists(ReviewAssignment.objects.filter(expert=expert_pk, panel__campaign=OuterRef("pk"))))
        .annotate(signed=Exists(ConfidentialityPledge.objects.filter(expert=expert_pk, campaign=OuterRef("pk"))))
        .order_by("-year")
        .values_list("pk", "year", "title", "signed")
    )


# Compiled once a process (apps.core.statements): the expert's list asks it on every view.
_MY_CAMPAIGNS = Statement(_my_campaigns)


def my_assignment_counts(expert, campaign):
    """(assignments, active assignments, submitted scores among them) of ``expert`` in
    ``campaign`` (a key): the list's length and its progress bar, one query over the expert's
    assignments (the list's own count joined its seven tables to count them), compiled once a
    process (_MY_COUNTS)."""
    found = _MY_COUNTS.rows(expert.pk, campaign)
    return found[0] if found else (0, 0, 0)


_MY_COUNTS = Statement(
    lambda expert_id, campaign_id: ReviewAssignment.objects.filter(expert_id=expert_id, panel__campaign_id=campaign_id)
    .order_by()
    .values("expert_id")
    .annotate(
        n=Count("pk"),
        active=Count("pk", filter=Q(status=ReviewAssignment.Status.ACTIVE)),
        done=Count("pk", filter=Q(status=ReviewAssignment.Status.ACTIVE, score__status=Score.Status.SUBMITTED)),
    )
    .values_list("n", "active", "done")
)


def my_assignment_page(expert, campaign, page) -> list[dict]:
    """The expert's own assignments in ``campaign`` (a key) on ``page`` (a page of the list of
    projects to review: its number and its paginator's size are read), active before recused,
    then by project: each as values (key, status, recusal reason, the project's key, title,
    organisation and type, the score's status and total); my_assignment_rows adds what the
    list shows of them. Read as columns: building an assignment, its panel, campaign, project,
    the project's campaign and organisation and the score for each of fifty rows, and planning
    the seven-table join, took longer than the rest of the page. The project's year is the
    campaign's (a panel is given only its campaign's projects, 项目不属于本年度 in
    services.assign_projects): joining the campaigns for it took longer to plan than to run.
    Compiled once a process for each page's bounds (_MY_ASSIGNMENTS)."""
    bottom, size = page_bounds(page)
    return _MY_ASSIGNMENTS.rows(expert.pk, campaign, shape=(bottom, size))


_MY_ASSIGNMENTS = Statement(
    lambda expert_id, campaign_id, bottom, size: ReviewAssignment.objects.filter(expert_id=expert_id, panel__campaign_id=campaign_id)
    .order_by("status", "project_id")
    .values(
        "pk", "status", "recusal_reason", "project_id", "project__title",
        "project__organization__name", "project__project_type", "score__status", "score__total",
    )[bottom : bottom + size]
)


def chaired_panels(expert) -> list[dict]:
    """The panels ``expert`` chairs, each as its campaign's key and year (the links to their
    results on the expert's list), compiled once a process."""
    return _CHAIRED.rows(expert.pk)


_CHAIRED = Statement(lambda expert_id: Panel.objects.filter(chair_id=expert_id).order_by("campaign", "pk").values("campaign_id", "campaign__year"))


def my_assignment_rows(rows, year):
    """``rows`` of my_assignment_page of the campaign of ``year`` with what the list shows of
    each."""
    types = dict(ProjectType.choices)
    return [
        {
            **row,
            "number": Project.number_of(year, row["project_id"]),
            "project_type_label": types.get(row["project__project_type"], row["project__project_type"]),
            "is_active": row["status"] == ReviewAssignment.Status.ACTIVE,
            "scoring_status": ReviewAssignment.scoring_status_of(row["status"], row["score__status"]),
            "is_submitted": row["score__status"] == Score.Status.SUBMITTED,
        }
        for row in rows
    ]


def _expert_with_user(pk):
    return Expert.objects.select_related("user").filter(pk=pk).order_by()


def _conflicts_of(expert_id):
    return Conflict.objects.filter(expert_id=expert_id).select_related("organization")


def _pledges_of(expert_id):
    return ConfidentialityPledge.objects.filter(expert_id=expert_id).select_related("campaign")


def _assignment_columns(expert_id, limit):
    return (
        ReviewAssignment.objects.filter(expert_id=expert_id)
        .order_by("-pk")
        .values("pk", "status", "project__title", "panel__name", "score__id", "score__status", "score__total")[:limit]
    )


def _audit_columns_of_expert(expert_id, limit):
    return audit_events(expert=expert_id)[:limit]


_EXPERT_WITH_USER = Statement(_expert_with_user)
_CONFLICTS_OF = Statement(_conflicts_of)
_PLEDGES_OF = Statement(_pledges_of)
_ASSIGNMENT_COLUMNS = Statement(_assignment_columns)
_AUDIT_COLUMNS_OF_EXPERT = Statement(_audit_columns_of_expert)


@dataclass(frozen=True)
class ExpertPage:
    """What the agency's page of an expert shows besides the expert (第二十二条、第二十三条): the
    declared conflicts with their organisations, the pledges with their years, and the newest
    assignments and audit events, read as columns: of an assignment the project's title, the
    panel's name, the scoring status, the score's key and total; of an event what
    :func:`audit_event_rows` gives."""

    conflicts: list
    pledges: list
    assignments: list
    events: list


def expert_with_user(pk):
    """The expert ``pk`` with the login account, or None."""
    found = _EXPERT_WITH_USER.rows(pk)
    return found[0] if found else None


def expert_page(expert, limit):
    """The :class:`ExpertPage` of ``expert``, ``limit`` of its assignments and events: four
    queries, each statement compiled once (the pool's pages are opened one expert after
    another)."""
    return ExpertPage(
        conflicts=_CONFLICTS_OF.rows(expert.pk),
        pledges=_PLEDGES_OF.rows(expert.pk),
        assignments=_with_scoring_status(_ASSIGNMENT_COLUMNS.rows(expert.pk, shape=(limit,))),
        events=audit_event_rows(_AUDIT_COLUMNS_OF_EXPERT.rows(expert.pk, shape=(limit,))),
    )


def _with_scoring_status(rows):
    return [{**row, "scoring_status": ReviewAssignment.scoring_status_of(row["status"], row["score__status"])} for row in rows]



def audit_event_rows(events):
    """``events`` (a page of audit_events) with the action's label and the actor's name (None
    for the system), as the event and its user would show them."""
    labels = dict(ReviewAuditEvent.Action.choices)
    return [
        {
            **event,
            "action_label": labels.get(event["action"], event["action"]),
            "actor_name": None if event["actor__username"] is None else (event["actor__full_name"] or event["actor__username"]),
        }
        for event in events
    ]


def pledges(expert, campaign):
    """第二十三条: the expert's confidentiality pledge for the campaign (a row or none); ``expert``
    and ``campaign`` may be ``OuterRef``s. :func:`apps.review.services.has_signed` asks it."""
    return ConfidentialityPledge.objects.filter(expert=expert, campaign=campaign)


def _assignment_for_expert(with_score):
    """The statement of :func:`assignment_for_expert`: ``(user's key, assignment's key)``."""
    related = ["panel", "panel__campaign", "project", "project__organization", *(["score"] if with_score else [])]

    def build(user_pk, pk):
        from apps.recommenders.models import RecommenderUnit

        return (
            ReviewAssignment.objects.select_related(*related)
            .annotate(
                signed=Exists(pledges(OuterRef("expert"), OuterRef("panel__campaign"))),
                recommender_name=Subquery(RecommenderUnit.objects.filter(pk=OuterRef("project__recommender_id")).order_by().values("name")),
            )
            # One row each: unordered (the models' orderings sorted them for nothing).
            .filter(pk=pk, expert=Subquery(Expert.objects.filter(user=user_pk).order_by().values("pk")))
            .order_by()
        )

    return Statement(build)


# The same statement for every screen that opens an assignment: compiled once a process
# (apps.core.statements), as building and compiling its five joins took three times longer
# than running it.
_ASSIGNMENT_FOR_EXPERT = {with_score: _assignment_for_expert(with_score) for with_score in (False, True)}


def assignment_for_expert(user, pk, *, with_score=False):
    """404 unless ``pk`` is one of ``user``'s own assignments (independence, 第二十三条).
    ``assignment.signed``: whether the expert signed the pledge for the panel's campaign
    (第二十三条, :func:`pledges`), read with the assignment. ``with_score``: its score sheet
    joined too (``assignment.score``; the review screen shows it). The expert is the user's,
    asked by key (a subquery, not a join: an eight-table join took the planner ~2 ms), and not
    built: ``assignment.expert_id`` is theirs; the services read the expert with their lock.
    ``assignment.recommender_name``: the name of the project's recommending unit (None without
    one), by subquery too: joined, the unit was a seventh table and cost the planner ~0.5 ms."""
    found = _ASSIGNMENT_FOR_EXPERT[with_score].rows(user.pk, pk)
    if not found:
        raise Http404("没有这个评审任务")
    (assignment,) = found  # the assignment's key: one row at most
    if assignment.project.campaign_id == assignment.panel.campaign_id:
        # The project's campaign is its panel's, read already (the project number shows its year).
        assignment.project.campaign = assignment.panel.campaign
    return assignment


def score_of(assignment):
    """The score sheet of ``assignment`` (read with it by ``assignment_for_expert(…,
    with_score=True)``), or None before the expert saved one."""
    try:
        return assignment.score
    except Score.DoesNotExist:
        return None


def _next_assignment(expert_pk, campaign_pk, current_pk, current_project_pk):
    # The campaign's panels, the submitted score and the project's title each asked by key
    # rather than joined: with three joins fewer the planner took 0.2 ms instead of 0.37.
    submitted = Score.objects.filter(assignment=OuterRef("pk"), status=Score.Status.SUBMITTED)
    return (
        ReviewAssignment.objects.filter(
            expert=expert_pk, status=ReviewAssignment.Status.ACTIVE, panel__in=Panel.objects.filter(campaign=campaign_pk).values("pk")
        )
        .exclude(Exists(submitted))
        .exclude(pk=current_pk)
        # After the current project first, then from the start: one query whichever it is.
        .order_by(Case(When(project_id__gt=current_project_pk, then=Value(0)), default=Value(1)), "project_id")
        # The two columns the link shows, not an assignment and a project built for them.
        .values("pk", title=Subquery(Project.objects.filter(pk=OuterRef("project_id")).order_by().values("title")))[:1]
    )


# Compiled once a process (apps.core.statements): the review screen asks it on every view.
_NEXT_ASSIGNMENT = Statement(_next_assignment)


def next_assignment(current):
    """The next of the expert's projects after ``current`` (one of theirs, with its panel)
    still waiting for a submitted score, in the campaign of ``current``'s panel: {"pk": the
    assignment's key, "title": its project's title} (the link shows both), or None."""
    found = _NEXT_ASSIGNMENT.rows(current.expert_id, current.panel.campaign_id, current.pk, current.project_id)
    return found[0] if found else None


def _rubric(campaign_pk, project_type):
    # One campaign and one type: the rubric's order alone (its Meta ordering joins the
    # campaign for its year).
    from apps.campaigns.models import RubricCriterion

    return RubricCriterion.objects.filter(campaign=campaign_pk, project_type=project_type).order_by("order", "pk")


def _rubric_with_saved_points(score_pk, campaign_pk, project_type):
    points = CriterionScore.objects.filter(score=score_pk, criterion=OuterRef("pk")).values("points")[:1]
    return _rubric(campaign_pk, project_type).annotate(saved=Subquery(points))


# The review screen's rubric, with and without a score sheet, compiled once a process
# (apps.core.statements).
_RUBRIC = Statement(_rubric)
_RUBRIC_WITH_SAVED_POINTS = Statement(_rubric_with_saved_points)


def rubric_with_points(assignment, score):
    """The rubric the expert scores ``assignment`` against (``Campaign.rubric_for`` its
    project's type, in the rubric's order), each criterion with ``saved``: the points
    ``score`` (the expert's sheet, or None) holds for it, None where none; one query."""
    campaign_pk, project_type = assignment.panel.campaign_id, assignment.project.project_type
    if score is not None:
        return _RUBRIC_WITH_SAVED_POINTS.rows(score.pk, campaign_pk, project_type)
    criteria = _RUBRIC.rows(campaign_pk, project_type)
    for criterion in criteria:
        criterion.saved = None
    return criteria


def review_material(project):
    """Everything the review screen shows about ``project`` in a fixed number of queries: its
    metrics, team and attachments (apps.projects.selectors.material_of)."""
    return material_of(project.pk)


def score_visible_to(user, score):
    """Independence (第二十三条): ``review.see_score`` of apps.review.policy."""
    return rules.has_perm("review.see_score", user, score)


def project_scores(project, *, closed_only=False):
    return (
        Score.objects.filter(assignment__project=project)
        .select_related("assignment__expert", "assignment__panel")
        .prefetch_related("items__criterion")
        .order_by("assignment__pk")
    )


def audit_events(*, project=None, panel=None, expert=None, action=""):
    """第二十三条: the trail as the audit tables show it (time, actor, action, project, expert,
    message), read as those columns only (a page of a hundred events built no event, actor,
    project and expert for each); audit_event_rows adds what the tables show of each."""
    qs = ReviewAuditEvent.objects.values(
        "pk", "created_at", "action", "message", "project_id", "project__title", "expert__name",
        "actor__username", "actor__full_name",
    )
    if project is not None:
        qs = qs.filter(project=project)
    if panel is not None:
        qs = qs.filter(panel=panel)
    if expert is not None:
        qs = qs.filter(expert=expert)
    if action:
        qs = qs.filter(action=action)
    return qs.order_by("-created_at", "-pk")


def chaired_panel(user, campaign):
    return Panel.objects.filter(campaign=campaign, chair__user=user).first()


def unassigned_project_ids(campaign):
    """The keys of unassigned_projects, in the same order: what the panel screen pages."""
    return _waiting_for_panel(campaign).order_by("pk").values_list("pk", flat=True)


def unassigned_project_rows(campaign, page):
    """``page`` (a page of unassigned_project_ids of ``campaign``: its number and its
    paginator's size are read) as the panel screen lists
    them, read as values: key (``pk``), ``title``, and the organisation's name and industry
    (``organization__name``, ``organization__industry``). Paging the keys first lets
    PostgreSQL look up the page's organisations by key; paging the joined rows made it read all
    2,500 organisations into a hash for the page's 25 (1.5 → 0.3 ms at design scale). The
    statement is compiled once a process for each page's bounds."""
    bottom, size = page_bounds(page)
    return [
        {"pk": pk, "title": title, "organization__name": organization, "organization__industry": industry}
        for pk, title, organization, industry in _WAITING_ROWS.rows(campaign.pk, shape=(bottom, size))
    ]


_WAITING_ROWS = Statement(
    lambda campaign_id, bottom, size: Project.objects.filter(pk__in=unassigned_project_ids(campaign_id)[bottom : bottom + size])
    .order_by("pk")
    .values_list("pk", "title", "organization__name", "organization__industry")
)


def _waiting_for_panel(campaign):
    """The projects of ``campaign`` whose results wait for a panel, as a bare filter."""
    from apps.projects.states import State

    return Project.objects.filter(campaign=campaign, state=State.RESULTS_RECOMMENDED)


def unassigned_projects(campaign):
    # The columns the panel screen's list shows (title, organisation, its industry), and the
    # state (a project built without it reads it back).
    return (
        _waiting_for_panel(campaign)
        .select_related("organization")
        .only("title", "state", "organization__name", "organization__industry")
        .order_by("pk")
    )




def _unreplaced_recusals():
    """第二十二条: recused assignments nobody replaced yet, as a bare filter."""
    return ReviewAssignment.objects.filter(status=ReviewAssignment.Status.RECUSED, replaced_by__isnull=True)


def recusal_gaps(campaign, *, panel=None):
    """第二十二条: recused assignments nobody replaced yet — a project short of a scorer, shown
    to the agency until a top-up draw closes the gap."""
    qs = _unreplaced_recusals().filter(panel__campaign=campaign).select_related("project", "expert", "panel")
    if panel is not None:
        qs = qs.filter(panel=panel)
    return qs.order_by("project_id", "pk")
