from django.db import transaction
from django.utils import timezone

from .models import DEFAULT_RUBRIC, Campaign, RubricCriterion


def create_default_rubric(*, campaign: Campaign) -> list[RubricCriterion]:
    """Give a campaign the default rubric of DESIGN.md §7 (100 points per type), once."""
    rows = []
    for project_type, criteria in DEFAULT_RUBRIC.items():
        for order, (name, points, description) in enumerate(criteria):
            row, _ = RubricCriterion.objects.get_or_create(
                campaign=campaign,
                project_type=project_type,
                name=name,
                defaults={"max_points": points, "description": description, "order": order},
            )
            rows.append(row)
    return rows


@transaction.atomic
def create_campaign(**fields) -> Campaign:
    campaign = Campaign(**fields)
    campaign.full_clean()
    campaign.save()
    create_default_rubric(campaign=campaign)
    return campaign


def publish_campaign(*, campaign: Campaign) -> Campaign:
    """第八条: the commission publishes the work plan."""
    campaign.published = True
    campaign.published_at = timezone.now()
    campaign.save(update_fields=["published", "published_at"])
    return campaign


@transaction.atomic
def update_campaign(*, campaign: Campaign, **fields) -> Campaign:
    """Edit the work plan (第八条); 第四条 quotas and the order of dates are checked by the model."""
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def save_rubric(*, campaign: Campaign, formset) -> list[RubricCriterion]:
    """Save the edited rubric (criteria with points and weights per project type) at once."""
    formset.instance = campaign
    formset.save()
    return list(campaign.rubric.all())
