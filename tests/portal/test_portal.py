import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User

ROOT = Path(__file__).resolve().parents[2]


def test_home_shows_the_current_campaign_in_chinese(client, campaign):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert campaign.title in html
    assert "第八条" in html and "不超过50个" in html
    assert '<html lang="zh-Hans">' in html


def test_home_invites_organisations_to_register(client, campaign):
    assert reverse("organizations:register") in client.get("/").content.decode()


def test_visitor_finds_the_published_project_plan_in_the_navigation(client, campaign):
    # 第十一条: the project plan is public.
    assert f'href="{reverse("plan_index")}"' in client.get(reverse("accounts:login")).content.decode()


def test_home_without_campaign(client, db):
    assert "尚未发布" in client.get("/").content.decode()


def test_unpublished_campaign_is_not_shown(client, db):
    from tests.factories import CampaignFactory

    CampaignFactory(published=False, title="内部草案")
    assert "内部草案" not in client.get("/").content.decode()


def test_healthz_says_only_ok_to_the_public(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_healthz_details_for_staff(client, commission):
    client.force_login(commission)
    data = client.get("/healthz").json()
    assert data == {"status": "ok", "database": "ok", "cache": "ok", "broker": "eager"}


def test_workflow_page_draws_the_code(client, db):
    html = client.get(reverse("portal:workflow")).content.decode()
    assert "退回修改" in html and "第二十一条" in html and "立项审核截止日期前（第十一条）" in html
    # A public page: the states, actors and conditions in Chinese, not the code's names.
    for name in ("return_to_applicant", "applicant_of_project", "approval_window_open", "in_progress"):
        assert name not in html
    if shutil.which("dot"):
        # Drawn top to bottom and sized by the page: no fixed width, the viewBox scales it.
        assert "<svg role=\"img\"" in html and "viewBox=" in html and "<svg width=" not in html


def test_state_diagram_command(capsys, db):
    call_command("state_diagram", "--format", "dot")
    out = capsys.readouterr().out
    assert "awarded -> revoked" in out and "digraph" in out


def test_workbench_needs_login(client, db):
    response = client.get(reverse("portal:workbench"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_experts_workbench_leads_to_the_review(client, expert):
    client.force_login(expert)
    body = client.get(reverse("portal:workbench")).content.decode()
    assert reverse("experts:my_reviews") in body and "暂无项目" not in body


def test_the_portal_is_chinese_only_whatever_the_browser_asks(client, db):
    # No translation exists: English is not offered and Accept-Language is not consulted.
    english = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    home = client.get("/", **english).content.decode()
    assert '<html lang="zh-Hans">' in home
    # The former switch leads home and changes nothing.
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, **english)
    assert switched.status_code == 302 and "django_language" not in switched.cookies
    assert '<html lang="zh-Hans">' in client.get("/", **english).content.decode()
    form = client.post(reverse("organizations:register"), {"user-username": "x"}, **english).content.decode()
    assert "这个字段是必填项。" in form and "This field is required." not in form
    admin_login = client.get("/admin/login/", **english).content.decode()
    assert "用户名" in admin_login and "Username" not in admin_login


def test_the_admin_speaks_chinese_to_an_english_browser(client, db):
    admin = User.objects.create_superuser("root-zh", "root-zh@example.cn", "pass-1234")
    client.force_login(admin)
    body = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "站点管理" in body and "Site administration" not in body


@pytest.mark.django_db(transaction=True)
def test_seed_demo_loads_every_role_and_is_idempotent(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    for username in ("shijianwei", "disanfang", "tuijian", "qiye", "zhuanjia", "admin"):
        assert username in out
    assert "Tjqa@2026" in out
    from apps.campaigns.models import Campaign
    from apps.organizations.models import Organization
    from apps.projects.models import Project
    from apps.recommenders.models import RecommenderUnit

    assert Campaign.objects.current() is not None
    assert Organization.objects.count() >= 10
    assert set(RecommenderUnit.objects.values_list("kind", flat=True)) >= {"industry_department", "district_amr", "industrial_group", "association"}
    assert User.objects.filter(groups__name="专家").count() >= 10
    assert Project.objects.values("state").distinct().count() >= 8
    # 第十六条: the demo's work plan sets minimum scores, so its ranking is not all 一等奖.
    from apps.review.models import ProposalEntry

    current = Campaign.objects.current()
    assert (current.min_score_first, current.min_score_second, current.min_score_third) == (85, 75, 60)
    proposed = list(ProposalEntry.objects.filter(campaign=current).values_list("score", "proposed_level"))
    assert proposed and all((level == "first") == (score >= 85) for score, level in proposed)
    assert "demo_otp_code" in out and "ORVH CYJN MRSW 23ZN N5XG Y6JN NNSX SLJR" in out  # how to pass the second factor
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import next_totp_code

    for user in User.objects.filter(username__in=["shijianwei", "qiye", "tuijian", "zhuanjia", "disanfang", "admin"]):
        assert user.check_password("Tjqa@2026")
        c = Client()
        response = c.post(reverse("accounts:login"), {"username": user.username, "password": "Tjqa@2026"})
        assert response.status_code == 302
        if user.username in {"shijianwei", "zhuanjia", "disanfang", "admin"}:
            response = c.get(reverse("portal:workbench"))
            assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp_verify"))
            device = TOTPDevice.objects.get(user=user, confirmed=True)
            response = c.post(reverse("accounts:otp_verify"), {"token": next_totp_code(device)})
            assert response.status_code == 302
        assert c.get(reverse("portal:workbench")).status_code == 200
    # Every account is printed with its role and name: which zhuanjiaN is which expert.
    for line in ("zhuanjia2       专家        刘建国", "zhuanjia10      专家        冯晓东", "qiye            申报组织      张伟      天津滨海精密制造有限公司", "tuijian         推荐单位      高科长     滨海新区市场监督管理局"):
        assert line in out
    # The demo reads true: projects in their organisation's industry, a summary of their own,
    # last year's history in last year's calendar.
    by_title = dict(Project.objects.values_list("title", "organization__name"))
    assert by_title["降低面包生产线烘烤色差不良率"] == "天津武清食品有限公司"
    assert by_title["缩短表面贴装生产线换线时间"] == "天津东丽电子科技有限公司"
    assert by_title["降低换热器管板泄漏率"] == "天津塘沽石化装备有限公司"
    summaries = [s for s in Project.objects.values_list("results_summary", flat=True) if s]
    assert len(summaries) >= 15 and len(set(summaries)) == len(summaries)
    last_year = Campaign.objects.current().year - 1
    from django.utils import timezone

    for project in Project.objects.filter(campaign__year=last_year):
        assert timezone.localtime(project.submitted_at).year == last_year, project.title
        assert timezone.localtime(project.results_submitted_at).year == last_year, project.title
    call_command("seed_demo")  # a second run changes nothing
    assert "已存在" in capsys.readouterr().out

    # make demo-reset: the database emptied and the demo loaded again.
    first = Project.objects.order_by("pk").first()
    Project.objects.filter(pk=first.pk).update(title="演示中改过的标题")
    User.objects.create_user("leftover", password="pass-1234")
    count = Project.objects.count()
    call_command("reset_demo", "--yes")
    assert "演示账号" in capsys.readouterr().out
    assert not User.objects.filter(username="leftover").exists()
    assert not Project.objects.filter(title="演示中改过的标题").exists()
    assert Project.objects.count() == count


def test_make_run_takes_the_port_and_demo_reset_exists():
    out = subprocess.run(["make", "-n", "run", "PORT=8001"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "runserver 127.0.0.1:8001" in out and "TJQA_SITE_URL=http://127.0.0.1:8001" in out
    assert "reset_demo --yes" in subprocess.run(["make", "-n", "demo-reset"], cwd=ROOT, capture_output=True, text=True).stdout


def test_docker_compose_declares_the_stack():
    compose = shutil.which("docker-compose")
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        cmd = [docker, "compose", "config"]
    elif compose:
        cmd = [compose, "config"]
    else:
        if os.environ.get("CI") == "true":
            pytest.fail("docker compose is needed in CI to validate docker-compose.yml")
        pytest.skip("neither `docker compose` nor `docker-compose` is installed (make system-deps)")
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "DJANGO_SECRET_KEY": "x"})
    assert out.returncode == 0, out.stderr
    for service in ("web:", "worker:", "beat:", "postgres:", "redis:"):
        assert service in out.stdout
    assert "gunicorn" in out.stdout and "celery -A tjqa worker" in out.stdout and "celery -A tjqa beat" in out.stdout


def test_error_pages_are_in_chinese(client, draft, other_applicant, recommender):
    # A guessed project id (another organisation's) is 404, and says so in Chinese.
    client.force_login(other_applicant)
    response = client.get(reverse("projects:detail", args=[draft.pk]))
    html = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in html and "Not Found" not in html
    assert reverse("portal:workbench") in html
    # A refusal shows its reason (with its article) rather than "403 Forbidden".
    client.force_login(recommender)
    response = client.get(reverse("campaigns:approval_current"))
    html = response.content.decode()
    assert response.status_code == 403 and "仅市市场监管委和第三方机构可以访问此页面" in html and "Forbidden" not in html


def test_server_error_page_renders_without_a_request():
    from django.template import loader

    assert "系统暂时无法处理" in loader.get_template("500.html").render()


def test_workbench_shows_what_waits_for_each_role(client, make_project, applicant, recommender, commission, agency):
    make_project("returned", title="退回的项目")
    make_project("submitted")
    make_project("recommended")
    make_project("recommended")
    client.force_login(applicant)
    html = client.get(reverse("portal:workbench")).content.decode()
    assert "退回修改，待修改后重新提交（第九条）" in html and f'{reverse("projects:list")}?state=returned' in html
    assert "填写新的申报" in html
    client.force_login(recommender)
    html = client.get(reverse("portal:workbench")).content.decode()
    assert "待核实推荐的申报（第十条）" in html and f'{reverse("recommenders:inbox")}?state=submitted' in html
    assert "退回修改，待修改后重新提交" not in html
    for staff in (commission, agency):
        client.force_login(staff)
        html = client.get(reverse("portal:workbench")).content.decode()
        assert "待立项审核（第十一条）" in html and "<strong>2</strong> 项" in html
        assert reverse("campaigns:approval_current") in html


@pytest.mark.parametrize("n", [1, 8])
def test_workbench_constant_queries(client, django_assert_max_num_queries, make_project, commission, n):
    for _ in range(n):
        make_project("recommended")
    client.force_login(commission)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("portal:workbench")).content.decode()
    assert html.count('href="/projects/') >= n


def test_banned_organisations_workbench_says_why_and_offers_no_new_application(client, campaign, applicant, organization):
    from django.utils import timezone

    from apps.organizations.models import OrganizationBan

    client.force_login(applicant)
    html = client.get(reverse("portal:workbench")).content.decode()
    assert "填写新的申报" in html and "根据第二十一条" not in html
    OrganizationBan.objects.create(credit_code=organization.credit_code, organization_name=organization.name, starts_on=timezone.localdate(), reason="虚假材料")
    html = client.get(reverse("portal:workbench")).content.decode()
    assert "根据第二十一条" in html and "虚假材料" in html and "填写新的申报" not in html


def test_gunicorn_workers_build_nothing_at_start():
    """第七条(四): the duplicate check holds no index in the web worker; a worker answers at once."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "tjqa" / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert not hasattr(conf, "post_worker_init")
