"""Reads of the review, shaped so lists cost a constant number of queries."""

import rules
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404

from apps.core.subqueries import count_of
from apps.projects.models import Attachment, Metric, Project

from .models import (
    BestOrganizationEntry,
    ConfidentialityPledge,
    Expert,
    Panel,
    PanelDraw,
    PanelMember,
    ProposalEntry,
    ReviewAssignment,
    ReviewAuditEvent,
    Score,
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


def proposal_summary(campaign, scope=None):
    """Counted by the database, not from rendered rows: {level or NO_AWARD: n} of the proposal
    ``scope`` may see, and whether it is finalised."""
    qs = ProposalEntry.objects.filter(campaign=campaign)
    if scope is not None:
        qs = qs.filter(project_id__in=scope)
    counts = {NO_AWARD: 0}
    finalised = False
    for level, n, n_final in (
        qs.values("proposed_level")
        .annotate(n=Count("pk"), n_final=Count("pk", filter=Q(finalised=True)))
        .values_list("proposed_level", "n", "n_final")
        .order_by()
    ):
        counts[level or NO_AWARD] = counts.get(level or NO_AWARD, 0) + n
        finalised = finalised or n_final > 0
    return counts, finalised


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
    """The panels the ranking page can be filtered by: all of ``campaign``'s, or those
    ``chaired_by`` chairs (a chair sees the own panel only, 第二十三条)."""
    qs = Panel.objects.filter(campaign=campaign)
    if chaired_by is not None:
        qs = qs.filter(chair__user=chaired_by)
    return qs.only("pk", "name", "campaign_id").order_by("pk")


def pending_review_projects(campaign, scope=None, *, panel=None):
    """第十六条: projects under review whose scores are not all in yet (no proposal entry)."""
    from apps.projects.states import State

    qs = (
        Project.objects.filter(campaign=campaign, state=State.UNDER_REVIEW)
        .exclude(Exists(ProposalEntry.objects.filter(campaign=campaign, project_id=OuterRef("pk"))))
        .select_related("organization")
        .only("pk", "title", "state", "campaign_id", "organization__name")
        .order_by("pk")
    )
    if scope is not None:
        qs = qs.filter(pk__in=scope)
    if panel is not None:
        qs = qs.filter(Exists(ReviewAssignment.objects.filter(panel=panel, project_id=OuterRef("pk"))))
    return qs


def best_organization_proposal(campaign):
    """第十六条: recommender units ranked for the best-organisation award."""
    return (
        BestOrganizationEntry.objects.filter(campaign=campaign)
        .select_related("recommender")
        .order_by("rank", "recommender_id")
    )


def best_organization_counts(campaign):
    """(units ranked, units proposed for the award) of the best-organisation proposal, one query."""
    counts = BestOrganizationEntry.objects.filter(campaign=campaign).aggregate(n=Count("pk"), proposed=Count("pk", filter=Q(proposed=True)))
    return counts["n"], counts["proposed"]


def expert_of(user):
    """The user's expert profile, or None."""
    if not user.is_authenticated:
        return None
    return Expert.objects.filter(user=user).first()


def expert_list(*, q="", status="", specialty=""):
    # The count by subquery: computed for the page's rows only, where a join and GROUP BY
    # aggregated the whole pool's assignments before the page was cut (and again to count it).
    qs = Expert.objects.select_related("user").annotate(
        open_assignments=count_of(
            ReviewAssignment.objects.filter(expert_id=OuterRef("pk"), status=ReviewAssignment.Status.ACTIVE)
        )
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(employer_name__icontains=q) | Q(user__username__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if specialty:
        qs = qs.with_specialty(specialty)
    return qs.order_by("status", "name", "pk")


def panel_list(campaign=None, *, user=None):
    qs = Panel.objects.select_related("campaign", "chair").annotate(
        member_count=count_of(PanelMember.objects.filter(panel=OuterRef("pk"))),
        project_count=count_of(ReviewAssignment.objects.filter(panel=OuterRef("pk")), counted="project_id", distinct=True),
    )
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if user is not None and not rules.has_perm("accounts.programme_staff", user):
        qs = qs.filter(Q(members__expert__user=user)).distinct()
    return qs.order_by("-campaign__year", "pk")


def panel_project_ids(panel):
    """The ids of the projects assigned to ``panel`` (each once), in id order: the rows of its
    progress table, paged by the screen. Read from the panel's assignments (an index of a few
    hundred rows at most): filtering the projects by an EXISTS made PostgreSQL walk every
    project of every year by primary key to find them."""
    return list(
        ReviewAssignment.objects.filter(panel=panel).order_by("project_id").values_list("project_id", flat=True).distinct()
    )


def projects_by_id(ids):
    """The projects ``ids`` (one page of panel_project_ids) with a list's columns, in id order."""
    return Project.objects.filter(pk__in=ids).for_lists().order_by("pk")


def panel_assignments(panel, project_ids=None):
    """Assignments of ``panel`` with their score status (for the progress table), only of
    ``project_ids`` (one page of panel_project_ids) when given."""
    qs = ReviewAssignment.objects.filter(panel=panel)
    if project_ids is not None:
        qs = qs.filter(project_id__in=project_ids)
    # The columns the progress table shows: the expert's name (not the profile), the status,
    # the recusal reason, the name of the expert replaced, the score's status.
    return (
        qs.select_related("expert", "score", "replaces__expert")
        .only("project", "status", "recusal_reason", "expert__name", "score__status", "replaces__expert__name")
        .order_by("project_id", "pk")
    )


def panel_draws(panel):
    return PanelDraw.objects.filter(panel=panel).select_related("operator", "project").order_by("-created_at", "-pk")


def my_assignments(user, campaign=None):
    """The expert's own assignments (with score status), newest campaign first."""
    qs = (
        ReviewAssignment.objects.filter(expert__user=user)
        .select_related("panel", "panel__campaign", "project", "project__campaign", "project__organization", "score")
        .order_by("-panel__campaign__year", "status", "project_id")
    )
    if campaign is not None:
        qs = qs.filter(panel__campaign=campaign)
    return qs


def assignment_for_expert(user, pk):
    """404 unless ``pk`` is one of ``user``'s own assignments (independence, 第二十三条)."""
    try:
        return (
            ReviewAssignment.objects.select_related(
                "panel", "panel__campaign", "project", "project__organization", "project__recommender", "expert"
            )
            .get(pk=pk, expert__user=user)
        )
    except ReviewAssignment.DoesNotExist:
        raise Http404("没有这个评审任务") from None


def review_material(project):
    """Everything the review screen shows about ``project`` in a fixed number of queries."""
    return {
        "metrics": list(Metric.objects.filter(project=project).order_by("pk")),
        "team": list(project.team_members.all()),
        "attachments": list(Attachment.objects.filter(project=project).order_by("kind", "pk")),
    }


def signed_campaign_ids(expert):
    return set(ConfidentialityPledge.objects.filter(expert=expert).values_list("campaign_id", flat=True))


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
    message): a page of a hundred events reads those columns only, not the projects' texts."""
    qs = ReviewAuditEvent.objects.select_related("actor", "project", "expert").only(
        "created_at", "action", "message", "actor__username", "actor__full_name",
        "project__title", "project__state", "expert__name",
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


def scoring_progress(campaign, project_ids):
    """{project_id: (active assignments, submitted scores, [names of the experts yet to submit])}
    for ``project_ids`` of a campaign (one page of a list): one query over their assignments."""
    rows = (
        ReviewAssignment.objects.filter(panel__campaign=campaign, status=ReviewAssignment.Status.ACTIVE, project_id__in=project_ids)
        .order_by("project_id", "expert__name", "pk")
        .values_list("project_id", "expert__name", "score__status")
    )
    progress = {}
    for project_id, name, score_status in rows:
        counts = progress.setdefault(project_id, [0, 0, []])
        counts[0] += 1
        if score_status == Score.Status.SUBMITTED:
            counts[1] += 1
        else:
            counts[2].append(name)
    return {project_id: tuple(counts) for project_id, counts in progress.items()}


def chaired_panel(user, campaign):
    return Panel.objects.filter(campaign=campaign, chair__user=user).first()


def unassigned_projects(campaign):
    from apps.projects.states import State

    return (
        Project.objects.filter(campaign=campaign, state=State.RESULTS_RECOMMENDED)
        .for_lists()
        .order_by("pk")
    )




def recusal_gaps(campaign, *, panel=None):
    """第二十二条: recused assignments nobody replaced yet — a project short of a scorer, shown
    to the agency until a top-up draw closes the gap."""
    qs = ReviewAssignment.objects.filter(
        panel__campaign=campaign, status=ReviewAssignment.Status.RECUSED, replaced_by__isnull=True
    ).select_related("project", "expert", "panel")
    if panel is not None:
        qs = qs.filter(panel=panel)
    return qs.order_by("project_id", "pk")
