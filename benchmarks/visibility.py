"""Who sees which project, at design scale: 4,000 projects routed to one recommender unit.

Fills a PostgreSQL scratch database (created and migrated if needed) with one campaign,
``--projects`` submitted projects routed to one unit (spread over 400 organisations) and
``--others`` routed to 20 other units, then

- prints EXPLAIN (ANALYZE, BUFFERS) of every query on the project table that the unit's
  recommender inbox (推荐审核) and workbench (工作台) pages run, and of the applicant's
  workbench;
- times the pages through the Django test client (median of ``--repeat`` runs).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tjqa_bench .venv/bin/python benchmarks/visibility.py

Works on any version of the code: if the project model has no routing column the grants of
that version (django-guardian rows) are written instead.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=4000)
    parser.add_argument("--others", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("give a PostgreSQL --database-url (or DATABASE_URL)")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tjqa.settings")
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)

    from apps.accounts.models import User
    from apps.accounts.roles import Role, ensure_role_groups
    from apps.campaigns.models import Campaign
    from apps.organizations.credit_code import make_credit_code
    from apps.organizations.models import Organization
    from apps.projects.models import Project
    from apps.recommenders.models import RecommenderUnit
    from tests.factories import open_dates

    routed_column = any(f.name == "routed_to" for f in Project._meta.get_fields())
    groups = ensure_role_groups()
    year = 2098
    if not Campaign.objects.filter(year=year).exists():
        t0 = time.perf_counter()
        with transaction.atomic():
            campaign = Campaign.objects.create(year=year, title="基准测试", published=True, **open_dates())
            unit = RecommenderUnit.objects.create(name="基准推荐单位", kind="district_amr")
            others = [RecommenderUnit.objects.create(name=f"基准其他单位{i}", kind="district_amr") for i in range(20)]
            orgs = [
                Organization.objects.create(
                    name=f"基准企业{i}", credit_code=make_credit_code("91", "120116", f"{40000000 + i}"),
                    district="binhai", industry="equipment", contact_name="x", contact_phone="1",
                )
                for i in range(400)
            ]
            states = ["submitted", "recommended", "in_progress", "results_submitted", "approved"]
            now = timezone.now()
            rows = []
            for i in range(args.projects + args.others):
                target = unit if i < args.projects else others[i % len(others)]
                fields = dict(
                    campaign=campaign, organization=orgs[i % len(orgs)], recommender=target, title=f"基准项目{i}",
                    state=states[i % len(states)], submitted_at=now - timezone.timedelta(minutes=i),
                )
                if routed_column:
                    fields["routed_to"] = target
                rows.append(Project(**fields))
            projects = Project.objects.bulk_create(rows, batch_size=1000)
            if not routed_column:
                _guardian_grants(projects)
            recommender = User.objects.create(username="bench-recommender", full_name="基准推荐人", recommender=unit)
            recommender.groups.add(groups[Role.RECOMMENDER])
            applicant = User.objects.create(username="bench-applicant", full_name="基准申报人", organization=orgs[0])
            applicant.groups.add(groups[Role.APPLICANT])
        print(f"数据准备：{args.projects}个项目路由到同一推荐单位，另{args.others}个路由到其他单位（{time.perf_counter() - t0:.1f}秒）")

    # Fresh planner statistics (a migration may just have added the routing column).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    recommender = User.objects.get(username="bench-recommender")
    applicant = User.objects.get(username="bench-applicant")
    print(f"代码版本：{'routed_to 外键' if routed_column else 'django-guardian 对象授权'}")

    pages = [
        ("推荐单位·推荐审核", recommender, reverse("recommenders:inbox")),
        ("推荐单位·工作台", recommender, reverse("portal:workbench")),
        ("申报组织·工作台", applicant, reverse("portal:workbench")),
    ]
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        # A request resets the connection's query log; start from an empty one.
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        # Copied now: the captured list is a view of the log, which the next request resets.
        queries = list(captured.captured_queries)
        assert response.status_code == 200, (url, response.status_code)
        runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            client.get(url)
            runs.append(time.perf_counter() - t)
        print(f"\n## {label} {url}: 中位数 {statistics.median(runs) * 1000:.0f} ms（{args.repeat}次，{len(queries)}条查询）")
        for query in queries:
            sql = query["sql"]
            if '"projects_project"' not in sql:
                continue
            print(f"\n-- {query['time']}s\n{sql}")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                print("\n".join(row[0] for row in cursor.fetchall()))


def _guardian_grants(projects):
    """The object grants of the version that had them: the organisation's group may view and
    change, the unit's group may view and recommend."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import GroupObjectPermission

    content_type = ContentType.objects.get_for_model(projects[0])
    perms = {p.codename: p for p in Permission.objects.filter(content_type=content_type)}
    rows = []
    for project in projects:
        for codename in ("view_project", "change_project"):
            rows.append(GroupObjectPermission(group_id=project.organization.group_id, permission=perms[codename],
                                              content_type=content_type, object_pk=str(project.pk)))
        for codename in ("view_project", "recommend_project"):
            rows.append(GroupObjectPermission(group_id=project.recommender.group_id, permission=perms[codename],
                                              content_type=content_type, object_pk=str(project.pk)))
    GroupObjectPermission.objects.bulk_create(rows, batch_size=2000)


if __name__ == "__main__":
    main()
