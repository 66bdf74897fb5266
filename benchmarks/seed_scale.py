"""Design-scale data (DESIGN.md §5) for the page and load benchmarks.

Six yearly campaigns of ``--per-year`` applications each (3,000 by default: about 18,000
projects), 2,500 organisations, 40 recommending units (one of them, like the largest district
bureau, gets 23 % of the applications: about 4,100 projects), 500 experts, about 50,000 scores,
certificates for each announced year, tracking visits on two of three projects in the plan
and about 15 notifications a project.

Rows are written with bulk inserts, straight into the tables: this is test data for
measurement, not a path through the rules. Every project's state is one the lifecycle can
reach, with a log row for each step that led there.

    .venv/bin/python benchmarks/seed_scale.py --database-url postgres://postgres@127.0.0.1:5432/tjqa_scale
    .venv/bin/python benchmarks/seed_scale.py --database-url sqlite:////tmp/scale.sqlite3 --per-year 100

Every account's password is ``Bench@2026``; the script prints the accounts the benchmarks use.
"""

import argparse
import datetime
import importlib.util
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "Bench@2026"
YEARS = [2021, 2022, 2023, 2024, 2025, 2026]
CURRENT = YEARS[-1]
BIG_UNIT = "天津市滨海新区市场监督管理局（基准）"

# Final states of a finished year, with their share of the year's applications.
PAST_STATES = [
    ("withdrawn", 0.03),
    ("not_recommended", 0.10),
    ("rejected", 0.12),
    ("results_not_recommended", 0.06),
    ("not_awarded", 0.57),
    ("awarded", 0.117),
    ("revoked", 0.003),
]
# The current year, caught in the middle of review.
CURRENT_STATES = [
    ("draft", 0.05),
    ("withdrawn", 0.02),
    ("not_recommended", 0.08),
    ("rejected", 0.10),
    ("in_progress", 0.08),
    ("results_submitted", 0.05),
    ("results_not_recommended", 0.04),
    ("results_recommended", 0.08),
    ("under_review", 0.30),
    ("reviewed", 0.20),
]
# States of the current year with one project each of the first organisation, whatever the size.
MEASURED_STATES = ["submitted", "results_submitted", "under_review"]
# The transitions that lead to each state (DESIGN.md §2), as (name, from, to, role).
STEPS = [
    ("submit", "draft", "submitted", "申报组织"),
    ("recommend", "submitted", "recommended", "推荐单位"),
    ("approve", "recommended", "approved", "市市场监管委"),
    ("publish_plan", "approved", "in_progress", "市市场监管委"),
    ("submit_results", "in_progress", "results_submitted", "申报组织"),
    ("recommend_results", "results_submitted", "results_recommended", "推荐单位"),
    ("assign_to_panel", "results_recommended", "under_review", "第三方机构"),
    ("close_review", "under_review", "reviewed", "第三方机构"),
    ("publicize", "reviewed", "publicized", "市市场监管委"),
    ("award", "publicized", "awarded", "市市场监管委"),
    ("revoke", "awarded", "revoked", "市市场监管委"),
]
SIDE_EXITS = {
    "withdrawn": ("withdraw", "draft", "申报组织"),
    "not_recommended": ("decline", "submitted", "推荐单位"),
    "rejected": ("reject", "recommended", "市市场监管委"),
    "results_not_recommended": ("decline_results", "results_submitted", "推荐单位"),
    "not_awarded": ("not_award", "reviewed", "市市场监管委"),
}
MAIN_PATH = ["draft"] + [to for _, _, to, _ in STEPS]
# States reached after the results were submitted (第十四条): their metrics are measured.
MEASURED = {
    "results_submitted", "results_recommended", "results_not_recommended", "under_review",
    "reviewed", "publicized", "awarded", "not_awarded", "revoked",
}

TOPICS = [
    ("降低焊接返修率", "焊缝气孔", "返修率", "%", "lower", "4.60", "1.50"),
    ("提高注塑件一次合格率", "缩痕与飞边", "一次合格率", "%", "higher", "92.10", "98.50"),
    ("降低单位产品综合能耗", "余热未回收", "单位能耗", "kgce/t", "lower", "38.20", "33.00"),
    ("缩短设备故障停机时间", "备件等待", "停机时间", "h/月", "lower", "46.00", "20.00"),
    ("提升检验一次通过率", "工序漏检", "一次通过率", "%", "higher", "88.40", "96.00"),
    ("降低原料损耗率", "投料计量偏差", "损耗率", "%", "lower", "3.20", "1.80"),
    ("提高客户投诉处理及时率", "流转环节多", "及时率", "%", "higher", "81.00", "97.00"),
    ("降低电路板虚焊率", "回流焊温区曲线", "虚焊率", "ppm", "lower", "820", "200"),
]


def pick(rng, table):
    r, acc = rng.random(), 0.0
    for value, share in table:
        acc += share
        if r < acc:
            return value
    return table[-1][0]


def path_to(state):
    """The (transition, from, to, role) steps from draft to ``state``."""
    if state in SIDE_EXITS:
        name, source, role = SIDE_EXITS[state]
        return path_to(source) + [(name, source, state, role)]
    steps = []
    for step in STEPS:
        if MAIN_PATH.index(step[2]) <= MAIN_PATH.index(state):
            steps.append(step)
    return steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--per-year", type=int, default=3000)
    parser.add_argument("--organizations", type=int, default=2500)
    parser.add_argument("--experts", type=int, default=500)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--notifications-per-project", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tjqa.settings")
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    seed(args)
    print(f"done in {time.perf_counter() - started:.0f} s")


def seed(args):
    from django.apps import apps
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.db.models import Max, OuterRef, Subquery
    from django.utils import timezone

    from apps.accounts.roles import Role, ensure_role_groups
    from apps.organizations.choices import District, Industry
    from apps.organizations.credit_code import make_credit_code
    from tests.factories import open_dates

    User = apps.get_model("accounts", "User")
    Organization = apps.get_model("organizations", "Organization")
    RecommenderUnit = apps.get_model("recommenders", "RecommenderUnit")
    Campaign = apps.get_model("campaigns", "Campaign")
    RubricCriterion = apps.get_model("campaigns", "RubricCriterion")
    Project = apps.get_model("projects", "Project")
    Metric = apps.get_model("projects", "Metric")
    TeamMember = apps.get_model("projects", "TeamMember")
    Attachment = apps.get_model("projects", "Attachment")
    ProjectTransition = apps.get_model("projects", "ProjectTransition")
    Expert = apps.get_model("experts", "Expert")
    Panel = apps.get_model("experts", "Panel")
    PanelMember = apps.get_model("experts", "PanelMember")
    ReviewAssignment = apps.get_model("experts", "ReviewAssignment")
    Score = apps.get_model("experts", "Score")
    AwardList = apps.get_model("awards", "AwardList")
    ListEntry = apps.get_model("awards", "ListEntry")
    Certificate = apps.get_model("awards", "Certificate")
    Notification = apps.get_model("notifications", "Notification")

    # A second run adds --per-year more projects to the people and campaigns already there.
    grow = User.objects.filter(username="bench_commission").exists()

    rng = random.Random(args.seed)
    now = timezone.now()
    password = make_password(PASSWORD)
    districts = list(District)
    industries = list(Industry)
    division_of = {d: f"1201{i + 1:02d}" for i, d in enumerate(districts)}
    project_fields = {f.name for f in Project._meta.get_fields()}

    def bulk(model, rows, size=2000):
        model.objects.bulk_create(rows, batch_size=size)

    def stamp(label, t0=[time.perf_counter()]):
        print(f"  {label}: {time.perf_counter() - t0[0]:.1f} s", flush=True)

    with transaction.atomic():
        if not grow:
            roles = ensure_role_groups()
            # Accounts the benchmarks log in as.
            staff = {}
            for username, role, name in [
                ("bench_commission", Role.COMMISSION, "市场监管委（基准）"),
                ("bench_agency", Role.AGENCY, "第三方机构（基准）"),
            ]:
                user = User.objects.create(username=username, full_name=name, password=password)
                user.groups.add(roles[role])
                staff[role] = user

            units = []
            for i in range(40):
                district = districts[i % len(districts)]
                name = BIG_UNIT if i == 0 else f"天津市{district.label}市场监督管理局（基准{i}）"
                units.append(RecommenderUnit(name=name, kind="district_amr", district=district.value))
            bulk(RecommenderUnit, units)
            units = list(RecommenderUnit.objects.order_by("pk"))
            for unit in units:  # the unit's group, as RecommenderUnit.save() makes it
                if hasattr(unit, "group_id") and unit.group_id is None:
                    unit.save()
            unit_users = []
            for i, unit in enumerate(units):
                unit_users.append(User(username=f"bench_unit{i}", full_name=f"推荐单位用户{i}", password=password, recommender=unit))
            bulk(User, unit_users)

            orgs = []
            for i in range(args.organizations):
                district = districts[i % len(districts)]
                orgs.append(
                    Organization(
                        name=f"天津{district.label[:-1]}基准制造{i}有限公司",
                        credit_code=make_credit_code("91", division_of[district], f"{30000000 + i}"),
                        district=district.value,
                        industry=industries[i % len(industries)].value,
                        contact_name=f"联系人{i}",
                        contact_phone="022-12345678",
                    )
                )
            bulk(Organization, orgs)
            orgs = list(Organization.objects.order_by("pk"))
            if hasattr(Organization, "group"):
                groups = [Group(name=f"申报组织·{org.pk}") for org in orgs]
                bulk(Group, groups)
                by_name = dict(Group.objects.filter(name__startswith="申报组织·").values_list("name", "pk"))
                for org in orgs:
                    org.group_id = by_name[f"申报组织·{org.pk}"]
                Organization.objects.bulk_update(orgs, ["group"], batch_size=2000)
            applicant_users = [
                User(username=f"bench_org{i}", full_name=f"申报用户{i}", password=password, organization=org)
                for i, org in enumerate(orgs)
            ]
            bulk(User, applicant_users)
            expert_users = [User(username=f"bench_expert{i}", full_name=f"专家{i}", password=password) for i in range(args.experts)]
            bulk(User, expert_users)

            Membership = User.groups.through
            users = {u.username: u.pk for u in User.objects.filter(username__startswith="bench_")}
            memberships = []
            for username, pk in users.items():
                if username.startswith("bench_unit"):
                    memberships.append(Membership(user_id=pk, group_id=roles[Role.RECOMMENDER].pk))
                elif username.startswith("bench_org"):
                    memberships.append(Membership(user_id=pk, group_id=roles[Role.APPLICANT].pk))
                elif username.startswith("bench_expert"):
                    memberships.append(Membership(user_id=pk, group_id=roles[Role.EXPERT].pk))
            for unit in units:
                if getattr(unit, "group_id", None):
                    memberships.append(Membership(user_id=users[f"bench_unit{units.index(unit)}"], group_id=unit.group_id))
            for i, org in enumerate(orgs):
                if getattr(org, "group_id", None):
                    memberships.append(Membership(user_id=users[f"bench_org{i}"], group_id=org.group_id))
            bulk(Membership, memberships, size=5000)

            experts = [
                Expert(
                    user_id=users[f"bench_expert{i}"],
                    name=f"专家{i}",
                    employer_name=f"天津基准研究院{i % 60}",
                    specialties=[industries[i % len(industries)].value],
                    status="active",
                )
                for i in range(args.experts)
            ]
            bulk(Expert, experts)
            experts = list(Expert.objects.order_by("pk"))
            stamp("accounts, organisations, units, experts")

            # Campaigns: the current one in review, the earlier ones announced.
            campaigns = {}
            for year in YEARS:
                if year == CURRENT:
                    dates = open_dates(datetime.date(year, 9, 1))
                else:
                    dates = open_dates(datetime.date(year, 4, 1))
                campaigns[year] = Campaign.objects.create(year=year, title=f"{year}年天津市质量攻关工作方案", published=True, **dates)
                from apps.campaigns.services import create_default_rubric

                create_default_rubric(campaign=campaigns[year])
            # Every expert signed the current year's confidentiality pledge (第二十三条).
            Pledge = apps.get_model("experts", "ConfidentialityPledge")
            bulk(Pledge, [Pledge(expert=expert, campaign=campaigns[CURRENT]) for expert in experts])
            stamp("campaigns")
        else:
            roles = ensure_role_groups()
            units = list(RecommenderUnit.objects.filter(name__contains="基准").order_by("pk"))
            orgs = list(Organization.objects.filter(name__contains="基准制造").order_by("pk"))
            experts = list(Expert.objects.filter(name__startswith="专家").order_by("pk"))
            users = {u.username: u.pk for u in User.objects.filter(username__startswith="bench_")}
            campaigns = {c.year: c for c in Campaign.objects.filter(year__in=YEARS)}
        last_pk = Project.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

        # Projects.
        grant_rows = []
        for year in YEARS:
            campaign = campaigns[year]
            table = CURRENT_STATES if year == CURRENT else PAST_STATES
            submitted_at = datetime.datetime(year, 4, 20, 10, 0, tzinfo=datetime.timezone.utc)
            projects = []
            for i in range(args.per_year):
                org = orgs[rng.randrange(len(orgs))]
                unit = units[0] if rng.random() < 0.23 else units[1 + rng.randrange(len(units) - 1)]
                state = pick(rng, table)
                if year == CURRENT and not grow and i < len(MEASURED_STATES):
                    # The pages the benchmarks open find a project of the first organisation in
                    # each of these states, routed to the largest unit, at every size.
                    org, unit, state = orgs[0], units[0], MEASURED_STATES[i]
                topic = TOPICS[i % len(TOPICS)]
                text = f"{org.name}{topic[0]}：针对{topic[1]}问题，按PDCA循环组织攻关。"
                fields = dict(
                    campaign=campaign,
                    organization=org,
                    recommender=unit,
                    state=state,
                    title=f"{topic[0]}（{year}-{i}）",
                    benefit_areas=["quality_efficiency"],
                    plan_reason=text * 4,
                    plan_current_state=text * 4,
                    plan_goal=text * 2,
                    plan_cause_analysis=text * 6,
                    plan_countermeasures=text * 4,
                    do_implementation=text * 6,
                    check_method=text * 2,
                    act_standardisation=text * 2,
                    act_summary=text * 2,
                    results_summary=text * 3 if state in MEASURED else "",
                    submitted_at=None if state == "draft" else submitted_at,
                )
                if state in ("awarded", "revoked", "publicized"):
                    fields["award_level"] = rng.choice(["first", "second", "second", "third", "third", "third"])
                if "routed_to" in project_fields and state not in ("draft", "withdrawn"):
                    fields["routed_to"] = unit
                projects.append(Project(**fields))
            bulk(Project, projects)
            stamp(f"{year}: {len(projects)} projects")

        projects = list(Project.objects.filter(pk__gt=last_pk).order_by("pk").values_list("pk", "campaign__year", "state", "organization_id", "recommender_id", "submitted_at"))
        metrics, team, attachments, logs = [], [], [], []
        # Checkouts from before the authenticity commitment (第二十一条) have no such model.
        project_models = importlib.import_module("apps.projects.models")
        commitment_model = getattr(project_models, "AuthenticityCommitment", None)
        commitment_phase = getattr(project_models, "COMMITMENT_PHASE", {})
        commitment_text = getattr(project_models, "AUTHENTICITY_COMMITMENT", {})
        commitments = []
        # Choices follow each project's place in this run, never its key: PostgreSQL's sequences
        # keep counting across rolled-back tests, so keys differ from one run to the next.
        for place, (pk, year, state, org_id, unit_id, submitted_at) in enumerate(projects):
            topic = TOPICS[place % len(TOPICS)]
            measured = state in MEASURED
            metrics.append(Metric(project_id=pk, name=topic[2], unit=topic[3], direction=topic[4], baseline=Decimal(topic[5]), target=Decimal(topic[6]), actual=Decimal(topic[6]) if measured else None))
            metrics.append(Metric(project_id=pk, name="年节约成本", unit="万元", direction="higher", baseline=Decimal("0"), target=Decimal("50"), actual=Decimal("62") if measured else None))
            team.append(TeamMember(project_id=pk, name=f"质量负责人{pk}", role="quality_lead", role_order=0))
            team.append(TeamMember(project_id=pk, name=f"项目负责人{pk}", role="project_lead", role_order=1))
            team.append(TeamMember(project_id=pk, name=f"技术骨干{pk}", role="technical", role_order=2))
            attachments.append(Attachment(project_id=pk, kind="application", file=f"bench/{pk}/申报书.pdf", original_name="申报书.pdf", content_type="application/pdf", size=2_000_000))
            if measured:
                attachments.append(Attachment(project_id=pk, kind="results", file=f"bench/{pk}/成果.pdf", original_name="成果.pdf", content_type="application/pdf", size=3_000_000))
            if state != "draft":
                for name, source, target, role in path_to(state):
                    logs.append(ProjectTransition(project_id=pk, transition=name, from_state=source, to_state=target, role=role, comment="基准数据"))
                    if commitment_model is not None and name in commitment_phase:
                        # 第二十一条: each submission carries the applicant's authenticity commitment.
                        phase = commitment_phase[name]
                        commitments.append(commitment_model(project_id=pk, phase=phase, transition=name, text=commitment_text[phase], confirmed_at=now))
        bulk(Metric, metrics, 5000)
        bulk(TeamMember, team, 5000)
        bulk(Attachment, attachments, 5000)
        bulk(ProjectTransition, logs, 5000)
        if commitments:
            bulk(commitment_model, commitments, 5000)
        stamp(f"metrics {len(metrics)}, team {len(team)}, attachments {len(attachments)}, log {len(logs)}")

        if importlib.util.find_spec("apps.projects.grants"):  # object grants, where visibility still uses them
            from django.contrib.auth.models import Permission
            from django.contrib.contenttypes.models import ContentType
            from guardian.models import GroupObjectPermission

            ct = ContentType.objects.get_for_model(Project)
            perms = {p.codename: p.pk for p in Permission.objects.filter(content_type=ct)}
            org_group = dict(Organization.objects.values_list("pk", "group_id"))
            unit_group = dict(RecommenderUnit.objects.values_list("pk", "group_id"))
            for pk, year, state, org_id, unit_id, submitted_at in projects:
                for codename in ("view_project", "change_project"):
                    grant_rows.append(GroupObjectPermission(permission_id=perms[codename], content_type=ct, object_pk=str(pk), group_id=org_group[org_id]))
                if state not in ("draft", "withdrawn"):
                    for codename in ("view_project", "recommend_project"):
                        grant_rows.append(GroupObjectPermission(permission_id=perms[codename], content_type=ct, object_pk=str(pk), group_id=unit_group[unit_id]))
            bulk(GroupObjectPermission, grant_rows, 5000)
            stamp(f"object grants {len(grant_rows)}")

        # Review: panels of ten experts by year; five scorers a reviewed project.
        reviewed_states = {"under_review", "reviewed", "publicized", "awarded", "not_awarded", "revoked"}
        criteria = {year: list(RubricCriterion.objects.filter(campaign=campaigns[year], project_type="problem_solving")) for year in YEARS}
        assignments, scored = [], []
        expert_measured = grow  # on a rerun the first run has given bench_expert0 its review
        for year in YEARS:
            panels, members = [], []
            group = max(len(experts) // 10, 1)

            def panel_experts(n):
                return [experts[(n * group + k) % len(experts)] for k in range(min(10, len(experts)))]

            for n in range(10):
                panel, created = Panel.objects.get_or_create(
                    campaign=campaigns[year], name=f"{year}年第{n + 1}评审组", defaults={"status": "open" if year == CURRENT else "closed"}
                )
                panels.append(panel)
                if created:
                    members += [PanelMember(panel=panel, expert=expert) for expert in panel_experts(n)]
            bulk(PanelMember, members)
            for place, (pk, pyear, state, *_) in enumerate(projects):
                if pyear != year or state not in reviewed_states:
                    continue
                panel_index = place % len(panels)
                chosen = panel_experts(panel_index)
                drawn = rng.sample(chosen, 5)
                if year == CURRENT and state == "under_review" and not expert_measured and experts[0] in chosen:
                    # The benchmark's expert (bench_expert0) reviews a project of the current year
                    # at every size, so the expert's review page is the same page each time.
                    if experts[0] not in drawn:
                        drawn[-1] = experts[0]
                    expert_measured = True
                for expert in drawn:
                    assignments.append(ReviewAssignment(panel=panels[panel_index], project_id=pk, expert=expert))
        bulk(ReviewAssignment, assignments, 5000)
        assignment_rows = ReviewAssignment.objects.filter(project_id__gt=last_pk).order_by("pk").values_list("pk", "project__state")
        scores = []
        for pk, state in assignment_rows:
            submitted = state != "under_review" or rng.random() < 0.6
            total = Decimal(rng.randint(5500, 9600)) / 100
            scores.append(Score(assignment_id=pk, status="submitted" if submitted else "draft", total=total, comment="创新点突出，数据翔实。" if submitted else "", submitted_at=now if submitted else None))
        bulk(Score, scores, 5000)
        # The review audit (第二十三条): each assignment was logged when it was made.
        AuditEvent = apps.get_model("experts", "ReviewAuditEvent")
        audit = [
            AuditEvent(action="assigned", campaign_id=campaign_id, panel_id=panel_id, project_id=project_id, expert_id=expert_id, message="分配评审专家")
            for campaign_id, panel_id, project_id, expert_id in ReviewAssignment.objects.filter(project_id__gt=last_pk).values_list(
                "panel__campaign_id", "panel_id", "project_id", "expert_id"
            )
        ]
        bulk(AuditEvent, audit, 5000)
        stamp(f"assignments {len(assignments)}, scores {len(scores)}")

        # Announced lists and certificates of the earlier years.
        for year in YEARS[:-1]:
            award_list, _ = AwardList.objects.get_or_create(
                campaign=campaigns[year],
                defaults=dict(
                    status="announced",
                    notice_starts_on=datetime.date(year, 11, 1),
                    notice_ends_on=datetime.date(year, 11, 7),
                    published_at=now,
                    announced_at=now,
                ),
            )
            entries, certificates = [], []
            rows = Project.objects.filter(pk__gt=last_pk, campaign=campaigns[year], state__in=["awarded", "not_awarded", "revoked"]).values_list("pk", "state", "award_level", "organization__name", "title")
            for rank, (pk, state, level, holder, title) in enumerate(rows, start=1):
                entries.append(ListEntry(award_list=award_list, project_id=pk, level=level, proposed_level=level, rank=rank, score=Decimal("80.00")))
                if state in ("awarded", "revoked"):
                    certificates.append(
                        Certificate(
                            campaign=campaigns[year],
                            kind="project",
                            project_id=pk,
                            serial=f"TJQA{year}-{pk:06d}",
                            code=f"B{year}{pk:09d}"[:16],
                            holder=holder,
                            title=title,
                            level_label={"first": "一等奖", "second": "二等奖", "third": "三等奖"}.get(level, ""),
                            rendered_at=now,
                        )
                    )
            bulk(ListEntry, entries)
            bulk(Certificate, certificates)
        stamp("award lists and certificates")

        # Tracking visits (第十三条): two of three projects in the plan visited one to three
        # times by their unit within the year; each project keeps its last visit's day, as the
        # receivers keep it for every visit saved one by one.
        from apps.projects.states import PLAN_STATES

        TrackingVisit = apps.get_model("training", "TrackingVisit")
        visits = []
        for pk, year, state, org_id, unit_id, submitted_at in projects:
            if state in PLAN_STATES and unit_id and rng.random() < 2 / 3:
                for _ in range(1 + rng.randrange(3)):
                    visits.append(
                        TrackingVisit(
                            project_id=pk,
                            campaign_id=campaigns[year].pk,
                            recommender_id=unit_id,
                            visited_on=datetime.date(year, 6, 1) + datetime.timedelta(days=rng.randrange(150)),
                            form=rng.choice(["on_site", "remote"]),
                            findings="按计划推进，数据采集完整。",
                            guidance="补充对比数据，按期提交成果。",
                        )
                    )
        bulk(TrackingVisit, visits, 5000)
        latest = TrackingVisit.objects.filter(project_id=OuterRef("pk")).order_by().values("project_id").annotate(day=Max("visited_on")).values("day")
        Project.objects.filter(pk__gt=last_pk, tracking_visits__isnull=False).distinct().update(last_visit_on=Subquery(latest))
        stamp(f"tracking visits ({len(visits):,})")

        # Notifications: about 15 a project, to its organisation's user and its unit's user.
        org_user = {org.pk: users[f"bench_org{i}"] for i, org in enumerate(orgs)}
        unit_user = {unit.pk: users[f"bench_unit{i}"] for i, unit in enumerate(units)}
        notes = []
        for pk, year, state, org_id, unit_id, submitted_at in projects:
            for n in range(args.notifications_per_project):
                recipient = org_user[org_id] if n % 2 == 0 else unit_user[unit_id]
                notes.append(
                    Notification(
                        recipient_id=recipient,
                        category="transition",
                        title=f"项目状态变化（{n + 1}）",
                        body="您的项目状态已更新。",
                        link=f"/projects/{pk}/",
                        project_id=pk,
                        read_at=now if n < args.notifications_per_project - 3 else None,
                        email_status="sent",
                    )
                )
            if len(notes) >= 20000:
                bulk(Notification, notes, 5000)
                notes = []
        bulk(Notification, notes, 5000)
        stamp("notifications")

    if connection.vendor == "postgresql":
        # Settled as autovacuum leaves a production database: the planner's statistics, and the
        # visibility map without which a count cannot be answered from an index alone.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    # Bulk inserts pass no receiver: the public pages kept before them must not be served.
    from apps.public.cache import forget_all

    forget_all()
    counts = {
        "projects": Project.objects.count(),
        "organisations": Organization.objects.count(),
        "experts": Expert.objects.count(),
        "scores": Score.objects.count(),
        "notifications": Notification.objects.count(),
        f"projects routed to {BIG_UNIT}": Project.objects.filter(recommender=units[0]).exclude(state__in=["draft", "withdrawn"]).count(),
    }
    for label, value in counts.items():
        print(f"{label}: {value:,}")
    print(f"accounts (password {PASSWORD}): bench_commission, bench_agency, bench_unit0 (the largest unit), bench_org0, bench_expert0")


if __name__ == "__main__":
    main()
