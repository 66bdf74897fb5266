from apps.accounts.models import User
from apps.accounts.roles import Role, ensure_role_groups


def make_user(ctx, username, role, full_name, **fields):
    user = User.objects.create_user(username=username, password=ctx["password"], full_name=full_name, **fields)
    if role is not None:
        user.groups.add(ctx["groups"][role])
    return user


def seed(ctx):
    ctx["groups"] = ensure_role_groups()
    ctx["make_user"] = lambda *a, **kw: make_user(ctx, *a, **kw)
    User.objects.create_superuser("admin", "admin@tjqa.local", ctx["password"], full_name="系统管理员")
    ctx["commission"] = make_user(ctx, "shijianwei", Role.COMMISSION, "王处长", email="shijianwei@tjqa.local")
    ctx["agency"] = make_user(ctx, "disanfang", Role.AGENCY, "李经理", email="disanfang@tjqa.local")
    experts = [make_user(ctx, "zhuanjia", Role.EXPERT, "张教授", email="zhuanjia@tjqa.local")]
    for i, name in enumerate(["刘建国", "陈思远", "赵明华", "孙立平", "周文博", "吴海涛", "郑雅琴", "钱志强", "冯晓东"], start=2):
        experts.append(make_user(ctx, f"zhuanjia{i}", Role.EXPERT, name, email=f"zhuanjia{i}@tjqa.local"))
    ctx["expert_users"] = experts


def add_demo_authenticators():
    """The demo's commission, agency, expert and admin accounts share one authenticator secret
    (DEMO_TOTP_KEY, printed by seed_demo), so a demo login needs no enrolment."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from apps.accounts.roles import requires_second_factor
    from apps.accounts.second_factor import DEMO_TOTP_KEY

    for user in User.objects.all():
        if requires_second_factor(user):
            TOTPDevice.objects.create(user=user, name="演示验证器", key=DEMO_TOTP_KEY, confirmed=True)
