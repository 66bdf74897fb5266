"""Demo review: the expert pool, a conflict, a panel for the demo campaign, assignments of the
results-recommended projects (with automatic recusal) and some scores already submitted, so
the agency (disanfang) sees a panel and a ranking and zhuanjia can score in the browser."""

import datetime
from decimal import Decimal

from apps.organizations.choices import Industry
from apps.projects.models import Project
from apps.projects.states import State

from . import services
from .models import ReviewAssignment

UNIVERSITY = ("天津大学", "12100000401359321Q")

PROFILES = [
    # (employer name, employer credit code or None → organisation index, title, specialties)
    ("天津大学", UNIVERSITY[1], "教授、质量管理工程系主任", [Industry.EQUIPMENT, Industry.AUTOMOTIVE, Industry.MATERIALS]),
    (0, None, "高级工程师、质量总监", [Industry.EQUIPMENT, Industry.AUTOMOTIVE]),
    ("天津渤海装备集团有限公司", None, "正高级工程师、集团质量部部长", [Industry.EQUIPMENT, Industry.METALLURGY]),
    (7, None, "高级工程师", [Industry.EQUIPMENT, Industry.ELECTRONICS]),
    ("天津市质量协会", None, "注册质量工程师", [Industry.SERVICES, Industry.FOOD, Industry.BIOMEDICINE]),
    ("南开大学", None, "副教授", [Industry.BIOMEDICINE, Industry.MATERIALS]),
    ("天津理工大学", None, "教授", [Industry.ELECTRONICS, Industry.EQUIPMENT]),
    ("天津市产品质量监督检测技术研究院", None, "研究员", [Industry.PETROCHEMICAL, Industry.MATERIALS, Industry.FOOD]),
    ("中国汽车技术研究中心有限公司", None, "正高级工程师", [Industry.AUTOMOTIVE, Industry.ENERGY]),
    ("天津科技大学", None, "教授", [Industry.FOOD, Industry.LIGHT_INDUSTRY, Industry.BIOMEDICINE]),
]


def _points(criteria, quality, offset):
    """Deterministic demo points around ``quality`` (0–1) of each criterion's maximum."""
    points = {}
    for i, c in enumerate(criteria):
        share = min(1.0, max(0.3, quality + offset + ((i * 7) % 5 - 2) * 0.02))
        points[c.pk] = Decimal(str(round(c.max_points * share * 2) / 2))
    return points


def seed(ctx):
    agency = ctx["agency"]
    orgs = ctx["organizations"]
    campaign = ctx["campaign"]
    today = datetime.date.today()
    experts = []
    for user, (employer, code, title, specialties) in zip(ctx["expert_users"], PROFILES):
        if isinstance(employer, int):
            org = orgs[employer]
            employer, code = org.name, org.credit_code
        expert, _ = services.add_expert(
            actor=agency,
            username=user.username,
            name=user.full_name,
            employer_name=employer,
            employer_credit_code=code or "",
            title=title,
            specialties=[s.value for s in specialties],
            phone=f"138{user.pk:08d}",
            email=user.email,
            term_start=today.replace(month=1, day=1),
            term_end=today.replace(year=today.year + 2, month=12, day=31),
        )
        experts.append(expert)
    ctx["experts"] = experts
    # 第二十二条: a declared conflict (collaboration in the last 3 years).
    services.declare_conflict(
        expert=experts[4], organization=orgs[4], reason="近3年曾为该单位提供质量管理咨询服务", actor=experts[4].user
    )
    # A retired expert shows the dynamic management of 第五条(三) (never drawn).
    retired, _ = services.add_expert(
        actor=agency,
        username="zhuanjia_tuixiu",
        password=ctx["password"],
        name="王德明",
        employer_name="天津市机械工业研究所",
        title="研究员（已退休）",
        specialties=[Industry.EQUIPMENT.value],
    )
    services.set_expert_status(expert=retired, status="retired", actor=agency, reason="聘期届满，本人申请退出")

    panel = services.form_panel(
        campaign=campaign, name="综合评审组", specialty="", size=len(experts), actor=agency, seed="demo-2026"
    )
    services.set_chair(panel=panel, expert=experts[0], actor=agency)
    projects = Project.objects.filter(campaign=campaign, state=State.RESULTS_RECOMMENDED).order_by("pk")
    # The last one is left for the agency to assign in the browser.
    assigned, refused = services.assign_projects(panel=panel, projects=list(projects)[:-1], actor=agency, seed="demo-2026")
    ctx["panel"] = panel

    # Every expert but zhuanjia has signed the pledge and scored; zhuanjia2 keeps one draft.
    quality = {p.pk: 0.74 + 0.035 * (i % 6) for i, p in enumerate(assigned)}
    draft_left = False
    for n, expert in enumerate(experts[1:], start=1):
        services.sign_pledge(expert=expert, campaign=campaign, actor=expert.user)
        for a in ReviewAssignment.objects.filter(panel=panel, expert=expert).select_related("project").order_by("pk"):
            criteria = campaign.rubric_for(a.project.project_type)
            points = _points(criteria, quality.get(a.project_id, 0.7), (n % 4 - 1.5) * 0.03)
            submit = not (n == 1 and not draft_left)
            draft_left = draft_left or not submit
            services.save_score(
                assignment=a,
                actor=expert.user,
                points=points,
                comment="材料完整，数据翔实，效果明显。" if submit else "",
                submit=submit,
            )
