"""Reads of awards, shaped so every list costs a constant number of queries."""

import datetime
from dataclasses import dataclass

import rules
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When

from apps.campaigns.models import Campaign
from apps.core.statements import Statement, page_bounds
from apps.organizations.models import OrganizationBan
from apps.projects.models import Project
from apps.projects.rows import STATE_LABELS
from apps.projects.selectors import visible_projects
from apps.projects.states import AwardLevel, State

from .models import AwardList, BestOrganizationAward, Certificate, CertificateRun, ListEntry, Objection

LEVELS = list(AwardLevel)


def _level_sort(projects):
    order = {lvl.value: i for i, lvl in enumerate(LEVELS)}
    return sorted(projects, key=lambda p: (order.get(p.award_level, 9), getattr(getattr(p, "list_entry", None), "rank", None) or 10**6, p.pk))


def public_notice(campaign):
    """第十七条: the projects under public notice, by level then panel rank."""
    qs = (
        Project.objects.filter(campaign=campaign, state=State.PUBLICIZED)
        .select_related("organization", "recommender", "list_entry")
        # What the notice, its objection form and its export show, not the application's text.
        .only(
            "campaign_id", "state", "title", "award_level", "notice_ends_on", "results_summary",
            "organization__name", "recommender__name", "list_entry__rank",
        )
    )
    return _level_sort(qs)


@dataclass(frozen=True)
class Notice:
    """The public notice page of a year (第十七条): the published campaign (its year and notice
    days), its award list (its status and notice dates; None before one is drafted) and the
    projects under notice."""

    campaign: Campaign
    award_list: AwardList | None
    projects: list


def _published_campaign_with_list(year):
    # One campaign a year: no order, no limit.
    return (
        Campaign.objects.filter(year=year, published=True)
        .select_related("award_list")
        # What the page shows of them (the projects are read by the campaign's key).
        .only("year", "notice_days", "award_list__status", "award_list__notice_starts_on", "award_list__notice_ends_on")
        .annotate(under_notice=Exists(Project.objects.filter(campaign=OuterRef("pk"), state=State.PUBLICIZED)))
        .order_by()
    )


_PUBLISHED_CAMPAIGN_WITH_LIST = Statement(_published_campaign_with_list)


def notice_of(year):
    """第十七条: the notice of ``year``'s published campaign, or None. The campaign, its award
    list and whether any project is under notice are one query (its statement compiled once:
    the page is public); the projects a second one, read only when there are some."""
    found = _PUBLISHED_CAMPAIGN_WITH_LIST.rows(year)
    if not found:
        return None
    campaign = found[0]
    award_list = getattr(campaign, "award_list", None)  # the reverse one-to-one, None when absent
    return Notice(campaign=campaign, award_list=award_list, projects=public_notice(campaign) if campaign.under_notice else [])


def unloaded_reviewed_count(award_list):
    """第十七条: projects reviewed since the draft list was opened and not yet on it (what
    "补充载入" would add); one query, 0 unless the list is still a draft."""
    if award_list is None or award_list.status != AwardList.Status.DRAFT:
        return 0
    return (
        Project.objects.filter(campaign_id=award_list.campaign_id, state=State.REVIEWED)
        .exclude(pk__in=award_list.entries.values("project_id"))
        .count()
    )


def announced_lists():
    return AwardList.objects.filter(status=AwardList.Status.ANNOUNCED).select_related("campaign").order_by("-campaign__year")


def _by_level_then_rank():
    """The order of _level_sort, done by the database: level, panel rank (none last), id."""
    level_order = Case(
        *(When(award_level=level.value, then=Value(i)) for i, level in enumerate(LEVELS)),
        default=Value(len(LEVELS)),
        output_field=IntegerField(),
    )
    return (level_order, F("list_entry__rank").asc(nulls_last=True), "pk")


def announced_projects(campaign, *, level="", district="", industry=""):
    """第十九条: the awarded projects of an announced list (revoked ones dropped), by level then
    panel rank, with the columns the public list and its export show; optionally one level,
    district or industry."""
    qs = Project.objects.filter(campaign=campaign, state=State.AWARDED)
    if level:
        qs = qs.filter(award_level=level)
    if district:
        qs = qs.filter(organization__district=district)
    if industry:
        qs = qs.filter(organization__industry=industry)
    return qs.for_lists("results_summary").order_by(*_by_level_then_rank())


def published_best_organizations(campaign):
    return BestOrganizationAward.objects.filter(award_list__campaign=campaign, published=True).select_related("recommender")


def announced_results(campaign):
    """第十九条: the counts of the announced awards (revoked ones dropped) by level, by district
    and by industry — all from aggregates; the projects themselves are paged by the screen
    (announced_projects)."""
    from apps.organizations.choices import District, Industry

    districts = dict(District.choices)
    industries = dict(Industry.choices)
    by_district = (
        Project.objects.filter(campaign=campaign, state=State.AWARDED)
        .values("organization__district")
        .annotate(n=Count("pk"), first=Count("pk", filter=Q(award_level="first")), second=Count("pk", filter=Q(award_level="second")), third=Count("pk", filter=Q(award_level="third")))
        .order_by("-n", "organization__district")
    )
    by_industry = (
        Project.objects.filter(campaign=campaign, state=State.AWARDED)
        .values("organization__industry")
        .annotate(n=Count("pk"))
        .order_by("-n", "organization__industry")
    )
    by_district = list(by_district)
    # The level totals are the district table's column sums: no query of their own.
    by_level = [(lvl, sum(row[lvl.value] for row in by_district)) for lvl in LEVELS]
    return {
        "by_level": by_level,
        "by_district": [dict(r, label=districts.get(r["organization__district"], r["organization__district"])) for r in by_district],
        "by_industry": [dict(r, label=industries.get(r["organization__industry"], r["organization__industry"])) for r in by_industry],
        "best_organizations": list(published_best_organizations(campaign)),
    }


def draft_entries(award_list, *, level=None):
    """The list's entries in rank order as the columns the decision list and its export show,
    read as values (no entry, project, organisation or unit built for every row): the entry's
    key, rank, score, level and the panel's proposed level, the project's key, title and state
    (``title``, ``state``), the organisation's and the unit's names (``organization_name``,
    ``recommender_name``, None without a unit) and the panel's gap note (``gap_note``).
    ``level``: one of the levels, or "" for 不授奖. draft_entry_rows adds the labels."""
    return _draft_entries(award_list.pk, *_level(level))


def _level(level):
    return () if level is None else (level,)


def _entries_of(award_list_id, *level):
    qs = ListEntry.objects.filter(award_list_id=award_list_id)
    return qs.filter(level=level[0]) if level else qs


def _draft_entries(award_list_id, *level):
    return (
        _entries_of(award_list_id, *level)
        .order_by("rank", "pk")
        .values(
            "pk", "rank", "score", "level", "proposed_level", "project_id",
            title=F("project__title"),
            state=F("project__state"),
            organization_name=F("project__organization__name"),
            recommender_name=F("project__recommender__name"),
            # 第二十二条's gap note as a column of the project's proposal entry (one at most),
            # None without one.
            gap_note=F("project__proposal_entry__gap_note"),
        )
    )


def draft_entry_page(award_list, page, *, level=None) -> list[dict]:
    """The entries of draft_entries on ``page`` (a page of the decision list: its number and
    its paginator's size are read), compiled once a process for each page's bounds, with and
    without a level (_DRAFT_ENTRY_PAGE)."""
    bottom, size = page_bounds(page)
    if level is None:
        return _DRAFT_ENTRY_PAGE.rows(award_list.pk, shape=(bottom, size))
    return _DRAFT_ENTRY_PAGE_OF_LEVEL.rows(award_list.pk, level, shape=(bottom, size))


_DRAFT_ENTRY_PAGE = Statement(lambda award_list_id, bottom, size: _draft_entries(award_list_id)[bottom : bottom + size])
_DRAFT_ENTRY_PAGE_OF_LEVEL = Statement(
    lambda award_list_id, level, bottom, size: _draft_entries(award_list_id, level)[bottom : bottom + size]
)


def draft_entry_rows(entries):
    """``entries`` (a page of draft_entries) with what the list shows of each: the labels of
    the level (``level_label``, "" for none), of the panel's proposed level and of the project's
    state, and whether the commission's level differs from the panel's (``adjusted``)."""
    levels = dict(AwardLevel.choices)
    return [
        {
            **entry,
            "level_label": levels.get(entry["level"], entry["level"]),
            "proposed_level_label": levels.get(entry["proposed_level"], entry["proposed_level"]),
            "state_label": STATE_LABELS.get(entry["state"], entry["state"]),
            "adjusted": entry["level"] != entry["proposed_level"],
        }
        for entry in entries
    ]


def draft_entry_count(award_list, *, level=None):
    """How many entries ``draft_entries`` gives, counted on the entries alone (its columns join
    the projects, organisations and units, which a count need not read); compiled once a
    process."""
    found = _ENTRY_COUNT.rows(award_list.pk, *_level(level))
    return found[0] if found else 0


_ENTRY_COUNT = Statement(
    lambda award_list_id, *level: _entries_of(award_list_id, *level)
    .order_by()
    .values("award_list_id")
    .annotate(n=Count("*"))
    .values_list("n", flat=True)
)


def quota_rows(award_list) -> list[tuple[str, int, int]]:
    """(level label, drafted count, 第四条 quota) for each level. A project taken off the list by
    an upheld objection (第十七条) no longer counts."""
    # An entry's project is of the list's campaign (open_list takes them from it): saying so
    # lets PostgreSQL read that campaign's projects by index, not every year's (6.8 → 0.8 ms).
    counts = dict(_LEVEL_COUNTS.rows(award_list.pk, award_list.campaign_id))
    campaign = award_list.campaign
    return [(lvl.label, counts.get(lvl.value, 0), campaign.quota_for(lvl.value)) for lvl in LEVELS]


# quota_rows's counts, compiled once a process.
_LEVEL_COUNTS = Statement(
    lambda award_list_id, campaign_id: ListEntry.objects.filter(award_list_id=award_list_id, project__campaign_id=campaign_id)
    .exclude(level="")
    .exclude(project__state=State.NOT_AWARDED)
    .order_by()
    .values_list("level")
    .annotate(n=Count("pk"))
)


def best_organization_rows(award_list) -> list[BestOrganizationAward]:
    """The list's best-organisation awards with their units, as the decision page lists them
    (the model's order), compiled once a process."""
    return _BEST_OF_LIST.rows(award_list.pk)


_BEST_OF_LIST = Statement(lambda award_list_id: BestOrganizationAward.objects.filter(award_list_id=award_list_id).select_related("recommender"))


def objections_for_staff(*, campaign=None, status=None):
    qs = Objection.objects.select_related("project", "project__organization", "project__campaign")
    if campaign is not None:
        qs = qs.filter(project__campaign=campaign)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at")


def waiting_objection_counts() -> tuple[int, int]:
    counts = Objection.objects.aggregate(
        received=Count("pk", filter=Q(status=Objection.Status.RECEIVED)),
        investigated=Count("pk", filter=Q(status=Objection.Status.INVESTIGATED)),
    )
    return counts["received"], counts["investigated"]


def certificates_for_user(user):
    """The certificates a user may see and download: its organisation's awards (applicants), its
    unit's best-organisation awards and the awards of the projects it recommended (recommenders);
    staff all. The one permission check of certificates (download, lists, exports)."""
    qs = Certificate.objects.select_related("campaign", "project", "best_organization", "best_organization__recommender")
    if not user.is_authenticated:
        return qs.none()
    if rules.has_perm("accounts.programme_staff", user):
        return qs
    q = Q(pk__in=[])
    if rules.has_perm("accounts.of_an_organization", user):
        q |= Q(project__organization_id=user.organization_id)
    if rules.has_perm("accounts.recommender", user):
        q |= Q(best_organization__recommender_id=user.recommender_id) | Q(project__recommender_id=user.recommender_id)
    return qs.filter(q)


# A list of certificates shows each one's text, year and file, and whether its award stands
# (the project's state, see Certificate.is_revoked): only these columns are read.
CERTIFICATE_ROW = ("kind", "serial", "code", "holder", "title", "level_label", "pdf", "campaign__year", "project__state")


def certificate_rows(certificates, *also):
    """``certificates`` (from :func:`certificates_for_user`) with only what a list shows (and
    the columns ``also`` names)."""
    return certificates.select_related(None).select_related("campaign", "project").only(*CERTIFICATE_ROW, *also)


# What the staff's certificates page shows of each certificate, read as values.
CAMPAIGN_CERTIFICATE_ROW = ("pk", "kind", "serial", "code", "holder", "title", "level_label", "pdf", "pdf_size", "project__state")


def campaign_certificates(user, campaign):
    """A campaign's certificates ``user`` may see, by serial, as the staff's certificates page
    lists them: the values it shows (CAMPAIGN_CERTIFICATE_ROW, with each file's name and size;
    a revoked award is told by its project's state), not each certificate with its year and
    project as model instances."""
    return (
        certificates_for_user(user)
        .filter(campaign=campaign)
        .select_related(None)
        .order_by("serial")
        .values(*CAMPAIGN_CERTIFICATE_ROW)
    )


def recommended_certificates(user):
    """The certificates of the awarded projects a recommender unit recommended (revoked ones
    included, shown as such), other than its own organisation's; read-only on "获奖与证书"."""
    if not rules.has_perm("accounts.recommender", user):
        return Certificate.objects.none()
    qs = certificates_for_user(user).filter(kind=Certificate.Kind.PROJECT, project__recommender_id=user.recommender_id)
    if rules.has_perm("accounts.of_an_organization", user):
        qs = qs.exclude(project__organization_id=user.organization_id)
    return qs.select_related("project__organization").order_by("-campaign__year", "serial")


def own_certificates(user):
    """The certificates ``user`` may see other than those :func:`recommended_certificates`
    lists apart: its organisation's and its unit's own."""
    certificates = certificates_for_user(user)
    if rules.has_perm("accounts.recommender", user):
        certificates = certificates.exclude(pk__in=recommended_certificates(user).values("pk"))
    return certificates


def objections_against_organization(organization_id) -> list[Objection]:
    """What an organisation may know of objections to its projects: content, status and
    conclusion; never who lodged them (第十七条 confidentiality). Compiled once a process
    (_OBJECTIONS_AGAINST)."""
    return _OBJECTIONS_AGAINST.rows(organization_id)


_OBJECTIONS_AGAINST = Statement(
    lambda organization_id: Objection.objects.filter(project__organization_id=organization_id)
    .select_related("project")
    .only("receipt_code", "content", "status", "decision_reason", "created_at", "project__title", "project__state", "project__campaign_id")
    .order_by("-created_at")
)

# The states of a project whose result is known (the applicant's 评定结果 table).
RESULT_STATES = (State.PUBLICIZED, State.AWARDED, State.NOT_AWARDED, State.REVOKED)


def organization_results(user) -> list[Project]:
    """The results of the projects of ``user``'s organisation that it may see (publicized,
    awarded, not awarded, revoked), newest year first, with what the results table shows:
    title, state, level and year. The projects it may see are chosen by their own query
    (visible_projects), the statement around it is compiled once a process (_RESULTS)."""
    keys = visible_projects(user).filter(organization_id=user.organization_id, state__in=RESULT_STATES).values("pk")
    return _RESULTS.rows(subquery=keys)


_RESULTS = Statement(
    lambda keys: Project.objects.filter(pk__in=keys)
    .select_related("campaign")
    .only("title", "state", "award_level", "campaign__year")
    .order_by("-campaign__year", "pk")
)


def active_ban_for(organization_id):
    """The ban in force on the organisation ``organization_id`` (None for none)."""
    if organization_id is None:
        return None
    return OrganizationBan.objects.active_for_organization(organization_id)


def latest_run(campaign):
    return CertificateRun.objects.filter(campaign=campaign).order_by("-created_at").first()


def campaigns_for_staff():
    return Campaign.objects.select_related("award_list").order_by("-year")


# What the public check of a certificate shows (/verify/<code>/): its text, the year, whether
# the award stands (the project's state, a best-organisation award's publication) and the
# date of a revocation (第二十一条). Only these columns are read.
VERIFY_FIELDS = (
    "kind",
    "serial",
    "code",
    "holder",
    "title",
    "level_label",
    "campaign__year",
    "project__state",
    "project__revocation__created_at",
    "best_organization__published",
)


def _certificate_by_code(code):
    # The code is unique: no order, no limit.
    return (
        Certificate.objects.select_related("campaign", "project__revocation", "best_organization")
        .only(*VERIFY_FIELDS)
        .filter(code=code)
        .order_by()
    )


_CERTIFICATE_BY_CODE = Statement(_certificate_by_code)


def verify(code):
    """The certificate whose verification code is ``code`` (case and surrounding spaces
    ignored), with what the public check shows of it and its award, or None. One query, its
    statement compiled once (the page is public and busy)."""
    found = _CERTIFICATE_BY_CODE.rows(code.strip().upper())
    return found[0] if found else None




@dataclass(frozen=True)
class ObjectionProgress:
    """What the objector sees with the receipt code (第十七条): the handling stage and, once
    concluded, the conclusion — never the objector's identity, the investigation notes, another
    objection or anything of the organisation beyond the public notice (the project's title)."""

    receipt_code: str
    year: int
    project_title: str
    lodged_at: datetime.datetime
    stage: str  # received | investigating | concluded
    stage_label: str
    outcome_label: str
    conclusion: str
    concluded_at: datetime.datetime | None


OBJECTION_STAGES = {
    Objection.Status.RECEIVED: ("received", "已受理，待调查核实"),
    Objection.Status.INVESTIGATED: ("investigating", "调查核实中，待作出处理结论"),
    Objection.Status.UPHELD: ("concluded", "已办结"),
    Objection.Status.DISMISSED: ("concluded", "已办结"),
}


def objection_progress(code) -> ObjectionProgress | None:
    """第十七条: the progress of the objection whose receipt code is ``code`` (case and spaces
    ignored), or None. One query, reading only the columns shown."""
    code = "".join((code or "").split()).upper()
    if not code:
        return None
    row = (
        Objection.objects.filter(receipt_code=code)
        .values("receipt_code", "project__campaign__year", "project__title", "created_at", "status", "decision_reason", "decided_at")
        .first()
    )
    if row is None:
        return None
    stage, stage_label = OBJECTION_STAGES[row["status"]]
    concluded = stage == "concluded"
    return ObjectionProgress(
        receipt_code=row["receipt_code"],
        year=row["project__campaign__year"],
        project_title=row["project__title"],
        lodged_at=row["created_at"],
        stage=stage,
        stage_label=stage_label,
        outcome_label=Objection.Status(row["status"]).label if concluded else "",
        conclusion=row["decision_reason"] if concluded else "",
        concluded_at=row["decided_at"] if concluded else None,
    )
