from .choices import District, Industry
from .credit_code import make_credit_code
from .models import Organization

DEMO_ORGANIZATIONS = [
    ("天津滨海精密制造有限公司", "120116", District.BINHAI, Industry.EQUIPMENT, "47581231"),
    ("天津津南新材料股份有限公司", "120112", District.JINNAN, Industry.MATERIALS, "58692342"),
    ("天津西青汽车零部件有限公司", "120111", District.XIQING, Industry.AUTOMOTIVE, "69703453"),
    ("天津东丽电子科技有限公司", "120110", District.DONGLI, Industry.ELECTRONICS, "70814564"),
    ("天津北辰生物医药有限公司", "120113", District.BEICHEN, Industry.BIOMEDICINE, "81925675"),
    ("天津武清食品有限公司", "120114", District.WUQING, Industry.FOOD, "92036786"),
    ("天津南开软件服务有限公司", "120104", District.NANKAI, Industry.SERVICES, "13147897"),
    ("天津塘沽石化装备有限公司", "120107", District.BINHAI, Industry.PETROCHEMICAL, "24258908"),
    ("天津静海钢铁制品有限公司", "120118", District.JINGHAI, Industry.METALLURGY, "35369019"),
    ("天津河西供电服务有限公司", "120103", District.HEXI, Industry.ENERGY, "46470120"),
]


def seed(ctx):
    orgs = []
    for i, (name, division, district, industry, org8) in enumerate(DEMO_ORGANIZATIONS):
        orgs.append(
            Organization.objects.create(
                name=name,
                credit_code=make_credit_code("91", division, org8),
                district=district,
                industry=industry,
                address=f"天津市{district.label}示范路{i + 1}号",
                contact_name=["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷"][i],
                contact_phone=f"022-2{i}345678",
                contact_email=f"quality{i + 1}@example.com",
            )
        )
    ctx["organizations"] = orgs
    make_user = ctx["make_user"]
    from apps.accounts.roles import Role

    ctx["applicant"] = make_user("qiye", Role.APPLICANT, "张伟", organization=orgs[0], email="qiye@example.com")
    ctx["applicant2"] = make_user("qiye2", Role.APPLICANT, "王芳", organization=orgs[1], email="qiye2@example.com")
    ctx["applicants"] = [ctx["applicant"], ctx["applicant2"]] + [
        make_user(f"qiye{i + 1}", Role.APPLICANT, org.contact_name, organization=org) for i, org in enumerate(orgs[2:], start=2)
    ]
    for user in ctx["applicants"]:  # each organisation's first user administers it (renews the join code)
        Organization.objects.filter(pk=user.organization_id, administrator=None).update(administrator=user)
