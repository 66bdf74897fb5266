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
        from apps.accounts.models import User

        rows = [
            ("admin", "系统管理员（后台）"),
            ("shijianwei", "市市场监管委"),
            ("disanfang", "第三方机构"),
            ("tuijian", "推荐单位（滨海新区市场监督管理局）"),
            ("tuijian2", "推荐单位（天津市工业和信息化局）"),
            ("qiye", "申报组织（天津滨海精密制造有限公司）"),
            ("qiye2", "申报组织（天津津南新材料股份有限公司）"),
            ("zhuanjia", "专家"),
        ]
        self.stdout.write("\n演示账号（密码均为 %s）：" % DEMO_PASSWORD)
        existing = set(User.objects.filter(username__in=[r[0] for r in rows]).values_list("username", flat=True))
        for username, label in rows:
            if username in existing:
                self.stdout.write(f"  {username:<12} {label}")
        from apps.accounts.second_factor import demo_secret_text

        self.stdout.write(
            "\n市市场监管委、第三方机构、专家和 admin 账号登录时还需输入动态口令（双因素认证）。"
            "\n演示账号共用一个演示密钥：在手机身份验证器中选择“手动输入密钥”，输入"
            f"\n  {demo_secret_text()}"
            "\n或在本机运行以下命令查看当前口令（仅对演示密钥有效）："
            "\n  .venv/bin/python manage.py demo_otp_code"
        )
        self.stdout.write("")
