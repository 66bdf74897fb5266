"""第十七条: the commission decides the award list from the panel's proposal, publishes it as a
public notice and announces it afterwards. Decisions are drafts (``ListEntry``) until published
together (STYLE.md habit 10)."""

import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from apps.campaigns.models import Campaign
from apps.projects.models import Project
from apps.projects.services import TransitionRefused, transition
from apps.projects.states import AwardLevel, State

from .. import policy
from ..models import AwardList, BestOrganizationAward, ListEntry, Objection
from ..signals import list_announced, notice_published
from . import AwardRefused

NOT_LISTED_COMMENT = "未列入市市场监管委确定的获奖名单（第十七条）"


def _lock_campaign(campaign) -> Campaign:
    """Every change of a campaign's list happens under a row lock on the campaign, so two
    people editing at once cannot together exceed the 第四条 quotas."""
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def _draft_list(campaign) -> AwardList:
    award_list, _ = AwardList.objects.get_or_create(campaign=campaign)
    if award_list.status != AwardList.Status.DRAFT:
        raise AwardRefused(f"{campaign.year}年度获奖名单已{award_list.get_status_display()}，不能再调整（第十七条）。", code="state")
    return award_list


def _proposal(campaign):
    try:
        from apps.review.selectors import best_organization_proposal, proposal_for_campaign
    except ImportError:  # pragma: no cover - the review app always provides them
        return [], []
    return list(proposal_for_campaign(campaign)), list(best_organization_proposal(campaign))


@transaction.atomic
def open_list(*, campaign, actor) -> AwardList:
    """第十七条: open the panel's proposal as the commission's draft list. Every reviewed project
    gets an entry with the proposed level; levels beyond a 第四条 quota are left blank (the
    commission decides). Opening again only adds projects reviewed since."""
    policy.require_commission(actor, "确定获奖名单")
    campaign = _lock_campaign(campaign)
    award_list = _draft_list(campaign)
    entries, best = _proposal(campaign)
    existing = set(award_list.entries.values_list("project_id", flat=True))
    taken = dict(award_list.entries.exclude(level="").values_list("level").annotate(n=Count("pk")))
    seen = set()
    new = []
    for e in entries:
        if e.project.state != State.REVIEWED:
            continue
        seen.add(e.project_id)
        if e.project_id in existing:
            continue
        level = e.proposed_level or ""
        if level:
            if taken.get(level, 0) >= campaign.quota_for(level):
                level = ""  # 第四条: no room left at the proposed level
            else:
                taken[level] = taken.get(level, 0) + 1
        new.append(
            ListEntry(award_list=award_list, project=e.project, level=level, proposed_level=e.proposed_level or "", rank=e.rank, score=e.score, updated_by=actor)
        )
    for project in Project.objects.filter(campaign=campaign, state=State.REVIEWED).exclude(pk__in=existing | seen):
        new.append(ListEntry(award_list=award_list, project=project, level="", updated_by=actor))
    ListEntry.objects.bulk_create(new)
    known = set(award_list.best_organizations.values_list("recommender_id", flat=True))
    chosen = award_list.best_organizations.filter(selected=True).count()
    for b in best:
        if b.recommender_id in known:
            continue
        selected = bool(b.proposed) and chosen < campaign.quota_best_organization
        chosen += selected
        BestOrganizationAward.objects.create(
            award_list=award_list,
            recommender=b.recommender,
            rank=b.rank,
            applications=b.applications,
            proposed_awards=b.proposed_awards,
            proposed=b.proposed,
            selected=selected,
        )
    return award_list


def on_proposal_gap(sender, campaign, project=None, recomputed=False, **kwargs):
    """第二十二条: the panel's proposal was recomputed after a recusal, before the list was
    decided: a draft list follows the proposal's ranks, scores and proposed levels (the level
    the commission drafted is its own and stays)."""
    if recomputed:
        follow_proposal(campaign=campaign)


@transaction.atomic
def follow_proposal(*, campaign) -> int:
    """Copy the proposal's rank, score and proposed level onto the draft list's entries.
    Returns how many changed; a published list is never touched (第十七条)."""
    from apps.review.models import ProposalEntry

    campaign = _lock_campaign(campaign)
    award_list = AwardList.objects.filter(campaign=campaign, status=AwardList.Status.DRAFT).first()
    if award_list is None:
        return 0
    proposal = {
        e.project_id: e for e in ProposalEntry.objects.filter(campaign=campaign).only("project_id", "rank", "score", "proposed_level")
    }
    changed = []
    for entry in award_list.entries.all():
        e = proposal.get(entry.project_id)
        if e is None:
            continue
        values = {"rank": e.rank, "score": e.score, "proposed_level": e.proposed_level or ""}
        if any(getattr(entry, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(entry, name, value)
            changed.append(entry)
    ListEntry.objects.bulk_update(changed, ["rank", "score", "proposed_level"])
    return len(changed)


@transaction.atomic
def set_level(*, entry, level, actor) -> ListEntry:
    """第十七条: adjust one project's drafted level, never beyond the 第四条 quota."""
    policy.require_commission(actor, "调整奖项等级")
    if level and level not in AwardLevel.values:
        raise AwardRefused("请选择一等奖、二等奖、三等奖或不授奖。", code="invalid")
    entry = ListEntry.objects.select_related("award_list__campaign").get(pk=entry.pk)
    campaign = _lock_campaign(entry.award_list.campaign)
    _draft_list(campaign)
    if level:
        count = entry.award_list.entries.filter(level=level).exclude(pk=entry.pk).count() + 1
        problem = campaign.quota_problem(level, count)
        if problem:
            raise AwardRefused(problem, code="quota")
    entry.level = level
    entry.updated_by = actor
    entry.save(update_fields=["level", "updated_by", "updated_at"])
    return entry


@transaction.atomic
def set_best_organization(*, award, selected, actor) -> BestOrganizationAward:
    """第四条/第十六条: choose the best-organisation awards, at most the campaign's quota."""
    policy.require_commission(actor, "确定最佳组织奖")
    award = BestOrganizationAward.objects.select_related("award_list__campaign").get(pk=award.pk)
    campaign = _lock_campaign(award.award_list.campaign)
    _draft_list(campaign)
    if selected:
        count = award.award_list.best_organizations.filter(selected=True).exclude(pk=award.pk).count() + 1
        problem = campaign.quota_problem("best_organization", count)
        if problem:
            raise AwardRefused(problem, code="quota")
    award.selected = bool(selected)
    award.save(update_fields=["selected"])
    return award


def notice_period(campaign, starts_on=None) -> tuple[datetime.date, datetime.date]:
    """The notice runs ``campaign.notice_days`` calendar days including the first day: published
    on day D with 7 days, objections are accepted until the end of day D+6 (第十七条)."""
    starts_on = starts_on or timezone.localdate()
    return starts_on, starts_on + datetime.timedelta(days=campaign.notice_days - 1)


@transaction.atomic
def publish_list(*, campaign, actor, starts_on=None) -> AwardList:
    """第十七条: publish the drafted list as a public notice. Each listed project gets its level
    and goes to ``publicized`` (all or none); the quotas of 第四条 are checked once more under
    the campaign lock."""
    policy.require_commission(actor, "发布获奖名单公示")
    campaign = _lock_campaign(campaign)
    award_list = _draft_list(campaign)
    entries = list(award_list.entries.select_related("project").exclude(level=""))
    if not entries:
        raise AwardRefused("名单中尚无拟授奖项目，不能发布公示。", code="empty")
    problems = []
    for level in AwardLevel.values:
        problem = campaign.quota_problem(level, sum(1 for e in entries if e.level == level))
        if problem:
            problems.append(problem)
    problem = campaign.quota_problem("best_organization", award_list.best_organizations.filter(selected=True).count())
    if problem:
        problems.append(problem)
    if problems:
        raise AwardRefused("；".join(problems), code="quota")
    starts_on, ends_on = notice_period(campaign, starts_on)
    for entry in entries:
        project = entry.project
        # award_level is the decision itself (not the state); publicize checks it (第四条).
        Project.objects.filter(pk=project.pk).update(award_level=entry.level)
        try:
            transition(project=project, name="publicize", actor=actor, notice_ends_on=ends_on, expected_state=State.REVIEWED)
        except TransitionRefused as exc:
            raise AwardRefused(f"“{project.title}”：{exc.message}", code=exc.code) from None
    award_list.status = AwardList.Status.NOTICE
    award_list.notice_starts_on, award_list.notice_ends_on = starts_on, ends_on
    award_list.published_at, award_list.published_by = timezone.now(), actor
    award_list.save()
    # After the projects' own notifications (queued by the transitions above).
    transaction.on_commit(lambda: notice_published.send(sender=AwardList, award_list=award_list))
    return award_list


@transaction.atomic
def announce(*, campaign, actor) -> AwardList:
    """第十七条: after the notice, announce the list. Publicized projects are awarded, reviewed
    projects left off go to not_awarded, the best-organisation awards are published."""
    policy.require_commission(actor, "公布获奖名单")
    campaign = _lock_campaign(campaign)
    award_list = AwardList.objects.filter(campaign=campaign).first()
    if award_list is None or award_list.status != AwardList.Status.NOTICE:
        raise AwardRefused("获奖名单尚未公示，不能公布（第十七条）。", code="state")
    if timezone.localdate() < award_list.announceable_from:
        raise AwardRefused(f"公示期至{award_list.notice_ends_on:%Y-%m-%d}结束，公示期满后方可公布获奖名单（第十七条）。", code="notice")
    waiting = Objection.objects.filter(project__campaign=campaign, status__in=[Objection.Status.RECEIVED, Objection.Status.INVESTIGATED]).count()
    if waiting:
        raise AwardRefused(f"尚有{waiting}件公示异议未作出处理结论，处理完毕后方可公布（第十七条）。", code="objections")
    try:
        for project in Project.objects.filter(campaign=campaign, state=State.PUBLICIZED).order_by("pk"):
            transition(project=project, name="award", actor=actor, expected_state=State.PUBLICIZED)
        for project in Project.objects.filter(campaign=campaign, state=State.REVIEWED).order_by("pk"):
            transition(project=project, name="not_award", actor=actor, comment=NOT_LISTED_COMMENT, expected_state=State.REVIEWED)
    except TransitionRefused as exc:
        raise AwardRefused(exc.message, code=exc.code) from None
    best = list(award_list.best_organizations.filter(selected=True).select_related("recommender"))
    award_list.best_organizations.filter(selected=True).update(published=True)
    award_list.status = AwardList.Status.ANNOUNCED
    award_list.announced_at, award_list.announced_by = timezone.now(), actor
    award_list.save()
    transaction.on_commit(lambda: list_announced.send(sender=AwardList, award_list=award_list, best_organizations=best))
    return award_list
