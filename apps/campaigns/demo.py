import datetime
from decimal import Decimal

from django.utils import timezone

from .services import create_campaign, publish_campaign


def campaign_dates(today: datetime.date) -> dict:
    """Dates relative to ``today`` so that every step of the demo can be tried now."""
    d = datetime.timedelta
    return {
        "application_opens": today - d(days=60),
        "application_closes": today + d(days=30),
        "recommendation_closes": today + d(days=45),
        "approval_closes": today + d(days=60),
        "results_closes": today + d(days=150),
        "results_recommendation_closes": today + d(days=165),
        "review_closes": today + d(days=180),
    }


def seed(ctx):
    today = timezone.localdate()
    campaign = create_campaign(
        year=today.year,
        title=f"{today.year}年天津市质量攻关工作方案",
        description="围绕改进生产技术和工艺、研发科技新成果、攻克技术难点、加强安全生产等内容，"
        "运用先进质量管理方法开展群众性质量攻关活动（第二条）。",
        **campaign_dates(today),
        # 第十六条: the minimum score of each level, as the work plan's defaults propose, so the
        # demo's ranking spreads its projects over the levels instead of giving all 一等奖.
        min_score_first=Decimal("85"),
        min_score_second=Decimal("75"),
        min_score_third=Decimal("60"),
    )
    publish_campaign(campaign=campaign)
    ctx["campaign"] = campaign
