"""Reads of a campaign's projects for the campaign screens (立项审核, the project plan, the
dashboard), each list a constant number of queries."""

from django.db.models import Count, Exists, F, OuterRef, Q

from apps.core.statements import Statement
from apps.organizations.choices import District, Industry
from apps.projects.models import Project
from apps.projects.states import PLAN_STATES, RESULTS_RECOMMENDED_STATES, State
from apps.recommenders.models import RecommenderKind, RecommenderUnit

from apps.campaigns.models import Campaign



def campaigns_with_counts():
    """Every campaign, newest first, with its number of projects (drafts left out) and of those
    awaiting 立项审核 (``n_recommended``), approved and awaiting the plan (``n_approved``) and
    in the plan (``n_plan``): the columns the list and its export show of each campaign, and the
    counts summed from the number of projects of each year and state (_STATE_COUNTS). That
    count walks the index of year and state in its order (project_campaign_unit_idx) and is
    compiled once a process: counting each campaign's projects with four conditions a row took
    1.9 ms on PostgreSQL at design scale, this 1.2 ms."""
    counts = {}
    for campaign_id, state, n in _STATE_COUNTS.rows():
        counts.setdefault(campaign_id, {})[state] = n
    campaigns = list(
        Campaign.objects.only("year", "title", "published", "application_opens", "application_closes", "approval_closes").order_by("-year")
    )
    for campaign in campaigns:
        by_state = counts.get(campaign.pk, {})
        campaign.n_projects = sum(n for state, n in by_state.items() if state != State.DRAFT)
        campaign.n_recommended = by_state.get(State.RECOMMENDED, 0)
        campaign.n_approved = by_state.get(State.APPROVED, 0)
        campaign.n_plan = sum(n for state, n in by_state.items() if state in PLAN_STATES)
    return campaigns


_STATE_COUNTS = Statement(
    lambda: Project.objects.order_by("campaign_id", "state").values_list("campaign_id", "state").annotate(n=Count("*"))
)


def _queue_filters(*, district="", industry="", recommender=""):
    """The 立项审核 queue's filters, as one condition (everything when none is given)."""
    condition = Q()
    if district:
        condition &= Q(organization__district=district)
    if industry:
        condition &= Q(organization__industry=industry)
    if recommender:
        condition &= Q(recommender_id=recommender)
    return condition


def approval_queue(campaign, *, district="", industry="", recommender=""):
    """第十一条: the recommended projects of a campaign awaiting 立项审核, oldest submission first."""
    return (
        Project.objects.for_lists("recommender_opinion")
        .filter(campaign=campaign, state=State.RECOMMENDED)
        .filter(_queue_filters(district=district, industry=industry, recommender=recommender))
        # 第七条(四): the best score found when the project was (last) submitted.
        .annotate(top_score=F("fingerprint__max_score"))
        .order_by("submitted_at", "pk")
    )


def approval_counts(campaign, *, district="", industry="", recommender=""):
    """(projects in the queue with these filters, approved projects awaiting the plan): the two
    lists' sizes from one query."""
    counts = Project.objects.filter(campaign=campaign, state__in=[State.RECOMMENDED, State.APPROVED]).aggregate(
        queue=Count("pk", filter=Q(state=State.RECOMMENDED) & _queue_filters(district=district, industry=industry, recommender=recommender)),
        approved=Count("pk", filter=Q(state=State.APPROVED)),
    )
    return counts["queue"], counts["approved"]


def approved_awaiting_plan(campaign):
    """Approved projects not yet in the published plan (decided, to be published together)."""
    return Project.objects.for_lists().filter(campaign=campaign, state=State.APPROVED).order_by("pk")


def plan_projects(campaign, *, district="", industry="", recommender="", q=""):
    """第十一条: the published project plan of a campaign."""
    qs = Project.objects.for_lists().filter(campaign=campaign, state__in=PLAN_STATES)
    if district:
        qs = qs.filter(organization__district=district)
    if industry:
        qs = qs.filter(organization__industry=industry)
    if recommender:
        qs = qs.filter(recommender_id=recommender)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(organization__name__icontains=q))
    return qs.order_by("recommender__kind", "recommender__name", "pk")


def plan_years():
    """Published campaigns that have a project plan, for browsing past years."""
    # EXISTS stops at a campaign's first project in the plan (an index probe each), where a
    # count walked every project of every year (24 ms at design scale).
    in_plan = Project.objects.filter(campaign=OuterRef("pk"), state__in=PLAN_STATES)
    return list(Campaign.objects.published().filter(Exists(in_plan)).order_by("-year").values_list("year", flat=True))


# ---- the dashboard: each table one aggregate query -----------------------------------------


def _labelled(rows, labels, key):
    result = [{"key": r[key], "label": labels.get(r[key], r[key] or "—"), "n": r["n"]} for r in rows]
    return result


def _unit_state_counts(campaign):
    """{(unit key or None, state): n} over the campaign's projects: one grouped read along the
    index of year and state, which carries the unit (project_campaign_unit_idx), compiled once
    a process (_UNIT_STATE_COUNTS). The tables by state and by unit are summed from it."""
    return {(unit, state): n for unit, state, n in _UNIT_STATE_COUNTS.rows(campaign.pk)}


_UNIT_STATE_COUNTS = Statement(
    lambda campaign_id: Project.objects.filter(campaign_id=campaign_id).order_by().values_list("recommender_id", "state").annotate(n=Count("*"))
)


def counts_by_state(campaign, unit_state_counts=None):
    counts = _unit_state_counts(campaign) if unit_state_counts is None else unit_state_counts
    by_state = {}
    for (_, state), n in counts.items():
        by_state[state] = by_state.get(state, 0) + n
    # In lifecycle order, states without projects left out.
    return [{"key": s.value, "label": s.label, "n": by_state[s.value]} for s in State if by_state.get(s.value)]


def _organization_counts(campaign):
    """The campaign's projects other than drafts counted by their organisation's (district,
    industry): one pass over the projects serves both tables (reading a project's organisation
    is the costly part of each, about 8 ms at design scale). Compiled once a process."""
    return _ORGANIZATION_COUNTS.rows(campaign.pk)


_ORGANIZATION_COUNTS = Statement(
    lambda campaign_id: Project.objects.filter(campaign_id=campaign_id)
    .exclude(state=State.DRAFT)
    .values("organization__district", "organization__industry")
    .annotate(n=Count("pk"))
    .order_by()
)


def _summed(rows, key, choices):
    """Rows summed by ``key``, labelled, most projects first (ties in the choices' order)."""
    totals = {}
    for r in rows:
        totals[r[key]] = totals.get(r[key], 0) + r["n"]
    order = {value: i for i, value in enumerate(choices.values)}
    summed = [{key: k, "n": n} for k, n in sorted(totals.items(), key=lambda kn: (-kn[1], order.get(kn[0], len(order)), kn[0] or ""))]
    return _labelled(summed, dict(choices.choices), key)


def counts_by_district(campaign, organization_counts=None):
    rows = _organization_counts(campaign) if organization_counts is None else organization_counts
    return _summed(rows, "organization__district", District)


def counts_by_industry(campaign, organization_counts=None):
    rows = _organization_counts(campaign) if organization_counts is None else organization_counts
    return _summed(rows, "organization__industry", Industry)


def dashboard_counts(campaign):
    """The dashboard's four tables (state, district, industry, recommender unit): three queries."""
    organization_counts = _organization_counts(campaign)
    unit_state_counts = _unit_state_counts(campaign)
    return {
        "state": counts_by_state(campaign, unit_state_counts),
        "district": counts_by_district(campaign, organization_counts),
        "industry": counts_by_industry(campaign, organization_counts),
        "recommender": counts_by_recommender(campaign, unit_state_counts),
    }


# What each column of the table by unit counts: every project routed to the unit but drafts and
# withdrawn ones; those it recommended (第十条, with every later state); those in the plan
# (第十一条); those whose results it recommended (第十五条).
_ROUTED_STATES = frozenset(State) - {State.DRAFT, State.WITHDRAWN}
_AFTER_RECOMMEND_STATES = frozenset({State.RECOMMENDED, State.APPROVED, State.REJECTED, *PLAN_STATES})

# Every unit's key, name and category (a few dozen rows), compiled once a process.
_UNITS = Statement(lambda: RecommenderUnit.objects.order_by().values_list("pk", "name", "kind"))


def counts_by_recommender(campaign, unit_state_counts=None):
    """Per recommender unit: routed, recommended (第十条), approved into the plan (第十一条),
    results recommended (第十五条); units with a project routed to them, most first (ties by
    name), summed from the counts by unit and state."""
    counts = _unit_state_counts(campaign) if unit_state_counts is None else unit_state_counts
    tallies = {}
    for (unit, state), n in counts.items():
        if unit is None or state not in _ROUTED_STATES:
            continue
        tally = tallies.setdefault(unit, {"n": 0, "n_recommended": 0, "n_plan": 0, "n_results": 0})
        tally["n"] += n
        tally["n_recommended"] += n if state in _AFTER_RECOMMEND_STATES else 0
        tally["n_plan"] += n if state in PLAN_STATES else 0
        tally["n_results"] += n if state in RESULTS_RECOMMENDED_STATES else 0
    kinds = dict(RecommenderKind.choices)
    rows = [
        {"key": pk, "label": name, "kind": kinds.get(kind, ""), **tallies[pk]} for pk, name, kind in _UNITS.rows() if pk in tallies
    ]
    return sorted(rows, key=lambda row: (-row["n"], row["label"]))
