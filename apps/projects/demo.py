"""Demo projects spread over the lifecycle, each moved there through the state machine."""

from decimal import Decimal

from django.core.files.base import ContentFile

from apps.recommenders.models import RecommenderKind

from .choices import AttachmentKind, BenefitArea, Category, MetricDirection, TeamRole
from .models import Attachment, Metric, TeamMember
from .services import create_project, transition

# A one-page PDF, enough for a demo attachment.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n"
)

TOPICS = [
    ("降低精密轴承套圈磨削烧伤不合格率", "磨削烧伤", "套圈磨削烧伤不合格率", "%", "3.2", "0.8"),
    ("提高高性能复合材料层压板一次合格率", "层压板分层", "一次交检合格率", "%", "91.5", "98.0"),
    ("降低汽车座椅骨架焊接返修率", "焊接返修", "焊接返修率", "%", "4.6", "1.5"),
    ("缩短表面贴装生产线换线时间", "换线时间长", "平均换线时间", "分钟", "45", "20"),
    ("降低冻干制剂可见异物不合格率", "可见异物", "可见异物不合格率", "‰", "2.1", "0.5"),
    ("降低速冻水饺破损率", "水饺破损", "成品破损率", "%", "5.3", "2.0"),
    ("缩短政务软件缺陷修复周期", "缺陷修复慢", "平均缺陷修复周期", "天", "6.5", "3.0"),
    ("降低换热器管板泄漏率", "管板泄漏", "水压试验泄漏率", "%", "2.8", "0.7"),
    ("降低热轧带钢边裂缺陷率", "边裂缺陷", "边裂缺陷率", "%", "1.9", "0.6"),
    ("缩短配网故障平均抢修时间", "抢修时间长", "平均抢修时长", "分钟", "96", "60"),
    ("降低数控机床主轴异常停机次数", "主轴异常停机", "月均异常停机次数", "次", "14", "4"),
    ("提高锂电池极片涂布厚度一致性", "涂布厚度波动", "涂布厚度过程能力指数", "Cpk", "0.9", "1.33"),
    ("降低注射剂灌装装量差异超限率", "装量差异超限", "装量差异超限率", "‰", "3.5", "1.0"),
    ("降低乳制品包装封口泄漏率", "封口泄漏", "包装封口泄漏率", "‰", "4.2", "1.2"),
    ("缩短客户投诉闭环处理周期", "投诉处理慢", "投诉平均闭环周期", "天", "12", "5"),
    ("降低反应釜批次收率波动", "收率波动", "批次收率标准差", "%", "2.4", "0.8"),
    ("降低钢结构焊缝超声探伤返修率", "焊缝探伤返修", "超声探伤一次合格率", "%", "93.0", "98.5"),
    # Last year's projects (the awards demo), on topics of their own.
    ("降低发动机缸体铸造气孔缺陷率", "铸造气孔", "缸体气孔缺陷率", "%", "5.1", "1.8"),
    ("缩短冲压模具更换调试时间", "换模调试慢", "平均换模调试时间", "分钟", "80", "35"),
    ("提高光伏组件EL检测一次合格率", "组件隐裂", "EL检测一次合格率", "%", "94.2", "98.6"),
    ("降低口服固体制剂片重差异不合格率", "片重差异", "片重差异不合格率", "‰", "2.6", "0.8"),
    ("降低面包生产线烘烤色差不良率", "烘烤色差", "烘烤色差不良率", "%", "3.8", "1.2"),
    ("缩短银行核心系统缺陷修复周期", "缺陷修复慢", "缺陷平均修复周期", "天", "7.2", "3.5"),
    ("降低压力管道焊口一次返修率", "焊口返修", "焊口返修率", "%", "3.3", "1.0"),
    ("降低冷轧板表面划伤缺陷率", "表面划伤", "划伤缺陷率", "%", "1.5", "0.5"),
    ("提高变电站巡检缺陷发现率", "巡检漏检", "巡检缺陷发现率", "%", "82", "95"),
]
LAST_YEAR_TOPICS = 16  # offset: last year's topic n is TOPICS[16 + n]


def application_text(topic, symptom):
    return {
        "plan_reason": f"{symptom}问题长期影响产品质量和客户满意度，造成质量损失，亟需开展质量攻关，{topic}。",
        "plan_current_state": f"统计近12个月生产数据，{symptom}问题占全部质量问题的42%，是首要问题；分班次、分设备分层分析后确认集中于关键工序。",
        "plan_goal": f"通过本次攻关，{topic}，达到行业先进水平，并形成可推广的作业标准。",
        "plan_cause_analysis": "运用鱼骨图从人、机、料、法、环、测六方面分析，识别末端因素12项，经现场验证确认主要原因3项：工艺参数不合理、设备精度下降、检测方法不统一。",
        "plan_countermeasures": "针对主要原因，按5W1H制定对策表：优化工艺参数（正交试验）、实施设备预防性维护、统一检测方法并培训检验员。",
        "do_implementation": "按对策表分三阶段实施：第一阶段完成正交试验确定最优参数；第二阶段建立设备点检制度；第三阶段修订检验规程并全员培训。",
        "check_method": "对策实施后连续3个月跟踪统计关键指标，与目标值对比，并用控制图监控过程稳定性，计算经济效益。",
        "act_standardisation": "将有效措施纳入作业指导书和工艺文件，修订企业标准2项，建立月度质量例会跟踪机制。",
        "act_summary": "总结本次攻关经验，提升团队运用统计工具能力；下一步将方法推广至相近产品线。",
    }


def make_application(ctx, org, applicant, recommender, idx, campaign=None):
    topic, symptom, metric_name, unit, baseline, target = TOPICS[idx % len(TOPICS)]
    project = create_project(
        campaign=campaign or ctx["campaign"],
        organization=org,
        created_by=applicant,
        recommender=recommender,
        title=f"{topic}",
        category=[Category.PROCESS, Category.TECHNICAL_DIFFICULTY, Category.SAFETY][idx % 3],
        benefit_areas=[BenefitArea.QUALITY_EFFICIENCY, [BenefitArea.ENERGY, BenefitArea.SERVICE, BenefitArea.INNOVATION][idx % 3]],
        has_patent=idx % 3 == 0,
        has_standard=idx % 4 == 0,
        **application_text(topic, symptom),
    )
    higher = Decimal(target) > Decimal(baseline)
    Metric.objects.create(
        project=project,
        name=metric_name,
        unit=unit,
        direction=MetricDirection.HIGHER if higher else MetricDirection.LOWER,
        baseline=Decimal(baseline),
        target=Decimal(target),
    )
    Metric.objects.create(project=project, name="年节约成本", unit="万元", direction=MetricDirection.HIGHER, baseline=0, target=50)
    people = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷", "徐强", "孙丽"]
    TeamMember.objects.create(project=project, name=people[idx % 12], role=TeamRole.QUALITY_LEAD, position="质量部部长")
    TeamMember.objects.create(project=project, name=people[(idx + 1) % 12], role=TeamRole.PROJECT_LEAD, position="车间主任")
    TeamMember.objects.create(project=project, name=people[(idx + 2) % 12], role=TeamRole.TECHNICAL, position="工艺工程师")
    add_attachment(project, AttachmentKind.APPLICATION, "立项申报书.pdf", applicant)
    return project


def add_attachment(project, kind, name, user):
    attachment = Attachment(
        project=project, kind=kind, original_name=name, content_type="application/pdf", size=len(MINIMAL_PDF), uploaded_by=user
    )
    attachment.file.save(name.replace(".pdf", "") + ".pdf", ContentFile(MINIMAL_PDF), save=False)
    attachment.save()
    return attachment


def fill_results(project, user):
    project.results_summary = "对策实施后连续三个月统计，关键指标均达到或优于目标值，年节约成本超过预期，已形成标准化作业文件并推广。"
    project.save(update_fields=["results_summary"])
    for metric in project.metrics.all():
        metric.actual = metric.target if metric.direction == MetricDirection.LOWER else metric.target + 5
        metric.save(update_fields=["actual"])
    add_attachment(project, AttachmentKind.RESULTS, "成果报告.pdf", user)


# How far each demo project goes: (organisation index, recommender kind, path of transitions).
PLAN = [
    (0, RecommenderKind.DISTRICT_AMR, []),
    (0, RecommenderKind.DISTRICT_AMR, ["submit"]),
    (7, RecommenderKind.DISTRICT_AMR, ["submit"]),
    (1, RecommenderKind.INDUSTRY_DEPARTMENT, ["submit", "return_to_applicant"]),
    (2, RecommenderKind.INDUSTRY_DEPARTMENT, ["submit", "recommend"]),
    (3, RecommenderKind.INDUSTRY_DEPARTMENT, ["submit", "recommend"]),
    (4, RecommenderKind.ASSOCIATION, ["submit", "recommend", "approve"]),
    (5, RecommenderKind.ASSOCIATION, ["submit", "decline"]),
    (6, RecommenderKind.INDUSTRY_DEPARTMENT, ["submit", "recommend", "approve", "publish_plan"]),
    (8, RecommenderKind.INDUSTRIAL_GROUP, ["submit", "recommend", "approve", "publish_plan", "submit_results"]),
    (9, RecommenderKind.INDUSTRIAL_GROUP, ["submit", "recommend", "approve", "publish_plan", "submit_results", "recommend_results"]),
    (0, RecommenderKind.DISTRICT_AMR, ["submit", "recommend", "approve", "publish_plan", "submit_results", "recommend_results"]),
    (1, RecommenderKind.INDUSTRY_DEPARTMENT, ["submit", "recommend", "approve", "publish_plan", "submit_results", "recommend_results"]),
    (2, RecommenderKind.INDUSTRY_DEPARTMENT, ["submit", "recommend", "approve", "publish_plan", "submit_results", "recommend_results"]),
    (3, RecommenderKind.ASSOCIATION, ["submit", "recommend", "approve", "publish_plan", "submit_results", "recommend_results"]),
    (4, RecommenderKind.ASSOCIATION, ["submit", "recommend", "approve", "publish_plan", "submit_results", "recommend_results"]),
    (5, RecommenderKind.DISTRICT_AMR, ["submit", "recommend", "approve", "publish_plan", "submit_results", "recommend_results"]),
]

COMMENTS = {
    "recommend": "经核实，申报材料完整、真实，同意推荐。",
    "decline": "申报内容与质量攻关方向不符，不予推荐。",
    "return_to_applicant": "请补充现状调查数据来源及目标值测算依据后重新提交。",
    "recommend_results": "成果材料齐全，各项指标达到目标，成效显著，同意推荐。",
}


def seed(ctx):
    seed_earlier_campaign(ctx)  # first, so the current submissions are checked against it
    orgs = ctx["organizations"]
    units = ctx["recommenders"]
    # A recommender for every unit: the demo moves each project through its own unit's user.
    rec_users = ctx["recommender_users"]
    applicant_by_org = {u.organization_id: u for u in ctx["applicants"]}
    projects = []
    for idx, (org_idx, kind, path) in enumerate(PLAN):
        org, unit = orgs[org_idx], units[kind]
        if kind == RecommenderKind.INDUSTRIAL_GROUP:
            unit.member_organizations.add(org)
        applicant = applicant_by_org[org.pk]
        project = make_application(ctx, org, applicant, unit, idx)
        for name in path:
            actor = {
                "submit": applicant,
                "submit_results": applicant,
                "approve": ctx["commission"],
                "publish_plan": ctx["commission"],
            }.get(name, rec_users[kind])
            if name == "submit_results":
                fill_results(project, applicant)
            transition(project=project, name=name, actor=actor, comment=COMMENTS.get(name, ""))
        projects.append(project)
    ctx["projects"] = projects
    # 第七条(四): check every submitted demo project against the whole set (as if the demo had
    # grown over a real season), so the boilerplate the demo texts share counts for little.
    from .similarity import recheck

    recheck(p for p in ctx["earlier_projects"] + projects if p.state != "draft")


# ---- an earlier year for the duplicate check (第七条(四)) ---------------------------------------

EARLIER_PROJECTS = [
    (
        "缩短营业厅群众办事平均等候时间",
        {
            "plan_reason": "营业厅高峰时段排队时间长，群众办事体验差，相关投诉逐年上升。",
            "plan_current_state": "抽取三个营业厅一季度叫号系统数据，高峰时段平均等候41分钟，其中材料不全往返占三成。",
            "plan_goal": "高峰时段平均等候时间缩短到15分钟以内，一次办结率提高到95%。",
            "plan_cause_analysis": "窗口设置固定、预约渠道使用率低、办事材料一次告知不到位是主要原因。",
            "plan_countermeasures": "推行线上预约和弹性窗口，编制办事材料清单并在网站公示。",
            "do_implementation": "分两批改造叫号系统，培训窗口人员，上线预约小程序。",
            "check_method": "对比改造前后叫号系统等候时长，开展满意度回访。",
            "act_standardisation": "形成营业厅服务规范，纳入月度绩效考核。",
            "act_summary": "经验推广至全市营业网点，下一步开展全程网办。",
        },
    ),
    (
        "降低注塑外壳缩痕缺陷率",
        {
            "plan_reason": "家电外壳注塑件缩痕影响外观，客户退货集中在此类缺陷。",
            "plan_current_state": "半年抽检注塑外壳8600件，缩痕缺陷率2.7%，集中在厚壁加强筋部位。",
            "plan_goal": "注塑外壳缩痕缺陷率降低到0.8%以下。",
            "plan_cause_analysis": "保压时间不足、模温不均、加强筋壁厚设计偏厚，经试验确认为要因。",
            "plan_countermeasures": "优化保压曲线，增设模温机分区控温，修改加强筋结构。",
            "do_implementation": "用模流分析验证方案，分三轮试模确定参数，完成模具修改。",
            "check_method": "连续两个月全检缩痕并统计，绘制p控制图。",
            "act_standardisation": "将工艺参数写入注塑作业卡，修订模具设计规范。",
            "act_summary": "方法推广至同类外壳模具。",
        },
    ),
    (
        "提高光纤预制棒沉积速率",
        {
            "plan_reason": "沉积速率低制约预制棒产能，单位能耗偏高。",
            "plan_current_state": "现行工艺沉积速率每分钟1.8克，低于行业先进水平。",
            "plan_goal": "沉积速率提高到每分钟2.4克，单位能耗下降10%。",
            "plan_cause_analysis": "喷灯结构和原料配比不合理、尾气排放不稳定是主要原因。",
            "plan_countermeasures": "改进喷灯结构，优化原料气体配比，加装尾气稳压装置。",
            "do_implementation": "在两条产线先行试验，验证后全面推广。",
            "check_method": "统计改进前后三个月沉积速率、能耗和预制棒质量指标。",
            "act_standardisation": "修订沉积工艺规程和设备点检标准。",
            "act_summary": "申请专利一项，继续研究大尺寸预制棒工艺。",
        },
    ),
]


def _reworded(text):
    """An earlier application that a current one repeats almost word for word."""
    return {k: v.replace("通过本次攻关", "经过攻关").replace("统计近12个月", "统计近一年") for k, v in text.items()}


def seed_earlier_campaign(ctx):
    """第七条(四): last year's campaign with a few finished projects, two of which a current
    application repeats nearly word for word, so the duplicate check has something to find."""
    import datetime

    from django.utils import timezone

    from apps.campaigns.models import Campaign
    from apps.campaigns.services import create_campaign, publish_campaign

    year = ctx["campaign"].year - 1
    today = timezone.localdate()
    d = datetime.timedelta
    open_dates = {
        "application_opens": today - d(days=30),
        "application_closes": today + d(days=30),
        "recommendation_closes": today + d(days=40),
        "approval_closes": today + d(days=50),
        "results_closes": today + d(days=60),
        "results_recommendation_closes": today + d(days=70),
        "review_closes": today + d(days=80),
    }
    campaign = Campaign.objects.filter(year=year).first()
    if campaign is None:
        campaign = create_campaign(year=year, title=f"{year}年天津市质量攻关工作方案", **open_dates)
        publish_campaign(campaign=campaign)
        past = {
            "application_opens": datetime.date(year, 3, 1),
            "application_closes": datetime.date(year, 4, 30),
            "recommendation_closes": datetime.date(year, 5, 20),
            "approval_closes": datetime.date(year, 6, 10),
            "results_closes": datetime.date(year, 10, 31),
            "results_recommendation_closes": datetime.date(year, 11, 15),
            "review_closes": datetime.date(year, 12, 10),
        }
    else:
        past = {name: getattr(campaign, name) for name in open_dates}
        Campaign.objects.filter(pk=campaign.pk).update(**open_dates, published=True)
        campaign.refresh_from_db()

    orgs, units, rec_users = ctx["organizations"], ctx["recommenders"], ctx["recommender_users"]
    applicant_by_org = {u.organization_id: u for u in ctx["applicants"]}
    path = ["submit", "recommend", "approve", "publish_plan", "submit_results", "recommend_results"]
    entries = [(title, text) for title, text in EARLIER_PROJECTS]
    # Near-copies: the current applications of TOPICS[1] (qiye, submitted) and TOPICS[4]
    # (recommended, in the 立项审核 queue) repeat these earlier projects.
    for idx in (1, 4):
        topic, symptom = TOPICS[idx][0], TOPICS[idx][1]
        entries.append((topic, _reworded(application_text(topic, symptom))))
    made = []
    for n, (title, text) in enumerate(entries):
        org = orgs[(n + 5) % len(orgs)]
        kind = [RecommenderKind.ASSOCIATION, RecommenderKind.INDUSTRY_DEPARTMENT][n % 2]
        applicant = applicant_by_org[org.pk]
        project = create_project(
            campaign=campaign,
            organization=org,
            created_by=applicant,
            recommender=units[kind],
            title=title,
            category=Category.PROCESS,
            benefit_areas=[BenefitArea.QUALITY_EFFICIENCY],
            **text,
        )
        Metric.objects.create(project=project, name="关键质量指标", unit="%", direction=MetricDirection.LOWER, baseline=Decimal("2.5"), target=Decimal("1.0"))
        TeamMember.objects.create(project=project, name="周杰", role=TeamRole.QUALITY_LEAD, position="质量部长")
        TeamMember.objects.create(project=project, name="吴婷", role=TeamRole.PROJECT_LEAD, position="项目经理")
        add_attachment(project, AttachmentKind.APPLICATION, "立项申报书.pdf", applicant)
        for name in path:
            actor = {"submit": applicant, "submit_results": applicant, "approve": ctx["commission"], "publish_plan": ctx["commission"]}.get(
                name, rec_users[kind]
            )
            if name == "submit_results":
                fill_results(project, applicant)
            transition(project=project, name=name, actor=actor, comment=COMMENTS.get(name, ""))
        made.append(project)
    Campaign.objects.filter(pk=campaign.pk).update(**past)
    ctx["earlier_projects"] = made
    return made
