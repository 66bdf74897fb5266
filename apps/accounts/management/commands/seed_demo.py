"""Load the demo data: a campaign, organisations, recommenders, experts, one user per role.

Each app may contribute through ``apps/<app>/demo.py`` with a ``seed(ctx)`` function; they run
in INSTALLED_APPS order and share ``ctx`` (a dict of what was made so far)."""

import importlib

from django.apps import apps as django_apps
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_PASSWORD = "Tjqa@2026"


class Command(BaseCommand):
    help = "载入演示数据（幂等：已载入时不重复创建）"

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, **options):
        from apps.accounts.models import User

        if User.objects.filter(username="shijianwei").exists():
            self.stdout.write("演示数据已存在，跳过载入。")
        else:
            ctx = {"password": DEMO_PASSWORD, "stdout": self.stdout}
            with transaction.atomic():
                for config in django_apps.get_app_configs():
                    if not config.name.startswith("apps."):
                        continue
                    try:
                        module = importlib.import_module(f"{config.name}.demo")
                    except ModuleNotFoundError as exc:
                        if exc.name != f"{config.name}.demo":
                            raise
                        continue
                    module.seed(ctx)
                from apps.accounts.demo import add_demo_authenticators

                add_demo_authenticators()
        if not options["quiet"]:
            self.print_accounts()

    def print_accounts(self):
        """Every demo account: user name, role, name and whom it acts for (an expert's employer)."""
        from apps.accounts.models import User

        users = (
            User.objects.filter(is_active=True)
            .select_related("organization", "recommender", "expert_profile")
            .prefetch_related("groups")
            .order_by("date_joined", "pk")
        )
        self.stdout.write("\n演示账号（密码均为 %s）：" % DEMO_PASSWORD)
        self.stdout.write(f"  {'用户名':<14}{'角色':<10}{'姓名':<8}所属")
        for user in users:
            role = "系统管理员" if user.is_superuser else user.role_label
            expert = getattr(user, "expert_profile", None)
            if user.organization_id:
                where = user.organization.name
            elif user.recommender_id:
                where = user.recommender.name
            elif expert is not None:
                where = f"{expert.employer_name}{'，' + expert.title if expert.title else ''}"
            elif user.is_superuser:
                where = "后台 /admin/"
            else:
                where = "天津市市场监督管理委员会" if "市场监管委" in role else ""
            self.stdout.write(f"  {user.username:<16}{role:<10}{user.full_name or '—':<8}{where}")
        from apps.accounts.second_factor import demo_secret_text

        self.stdout.write(
            "\n市市场监管委、第三方机构、专家和 admin 账号登录时还需输入动态口令（双因素认证）。"
            "\n演示账号共用一个演示密钥：在手机身份验证器中选择“手动输入密钥”，输入"
            f"\n  {demo_secret_text()}"
            "\n或在本机运行以下命令查看当前口令（仅对演示密钥有效）："
            "\n  .venv/bin/python manage.py demo_otp_code"
        )
        self.stdout.write("")
