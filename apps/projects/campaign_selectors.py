"""Reads of a campaign's projects for the campaign screens (立项审核, the project plan, the
dashboard), each list a constant number of queries."""

from django.db.models import Count, Exists, F, OuterRef, Q

from apps.core.statements import Statement
from apps.organizations.choices import District, Industry
from apps.projects.models import Project
from apps.projects.states import PLAN_STATES, RESULTS_RECOMMENDED_STATES, State
from apps.recommenders.models import RecommenderKind

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


def counts_by_state(campaign):
    rows = campaign.projects.values("state").annotate(n=Count("pk"))
    by_state = {r["state"]: r["n"] for r in rows}
    # In lifecycle order, states without projects left out.
    return [{"key": s.value, "label": s.label, "n": by_state[s.value]} for s in State if by_state.get(s.value)]


def _organization_counts(campaign):
    """The campaign's projects other than drafts counted by their organisation's (district,
    industry): one pass over the projects serves both tables (reading a project's organisation
    is the costly part of each, about 8 ms at design scale)."""
    return list(
        campaign.projects.exclude(state=State.DRAFT)
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
    return {
        "state": counts_by_state(campaign),
        "district": counts_by_district(campaign, organization_counts),
        "industry": counts_by_industry(campaign, organization_counts),
        "recommender": counts_by_recommender(campaign),
    }


def counts_by_recommender(campaign):
    """Per recommender unit: routed, recommended (第十条), approved into the plan (第十一条), results recommended (第十五条)."""
    after_recommend = [State.RECOMMENDED, State.APPROVED, State.REJECTED, *PLAN_STATES]
    rows = (
        campaign.projects.exclude(state__in=[State.DRAFT, State.WITHDRAWN])
        .filter(recommender__isnull=False)
        .values("recommender_id", "recommender__name", "recommender__kind")
        .annotate(
            n=Count("pk"),
            n_recommended=Count("pk", filter=Q(state__in=after_recommend)),
            n_plan=Count("pk", filter=Q(state__in=PLAN_STATES)),
            n_results=Count(
                "pk",
                filter=Q(state__in=RESULTS_RECOMMENDED_STATES),
            ),
        )
        .order_by("-n", "recommender__name")
    )
    kinds = dict(RecommenderKind.choices)
    return [
        {
            "key": r["recommender_id"],
            "label": r["recommender__name"],
            "kind": kinds.get(r["recommender__kind"], ""),
            "n": r["n"],
            "n_recommended": r["n_recommended"],
            "n_plan": r["n_plan"],
            "n_results": r["n_results"],
        }
        for r in rows
    ]
