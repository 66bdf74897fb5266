"""Print the current code of the demo authenticators (seed_demo), for signing in to the demo."""

from django.core.management.base import BaseCommand
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.second_factor import DEMO_TOTP_KEY, current_code


class Command(BaseCommand):
    help = "显示演示账号（seed_demo）当前的动态口令；只对演示密钥有效"

    def handle(self, *args, **options):
        device = TOTPDevice.objects.filter(key=DEMO_TOTP_KEY, confirmed=True).first()
        if device is None:
            self.stdout.write("没有使用演示密钥的账号（请先运行 manage.py seed_demo）。")
            return
        self.stdout.write(f"当前动态口令：{current_code(device)}（30秒内有效，同一口令每个账号只能用一次）")
