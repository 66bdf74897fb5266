"""Reads of the review, shaped so lists cost a constant number of queries."""

from .models import BestOrganizationEntry, ProposalEntry


def proposal_for_campaign(campaign):
    """第十六条: the ranked proposal of ``campaign`` (rank 1 first)."""
    return (
        ProposalEntry.objects.filter(campaign=campaign)
        .select_related("project", "project__organization", "project__recommender", "adjusted_by")
        .order_by("rank", "project_id")
    )


def best_organization_proposal(campaign):
    """第十六条: recommender units ranked for the best-organisation award."""
    return (
        BestOrganizationEntry.objects.filter(campaign=campaign)
        .select_related("recommender")
        .order_by("rank", "recommender_id")
    )
