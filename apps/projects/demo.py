"""Demo projects spread over the lifecycle, each moved there through the state machine."""

from decimal import Decimal

from django.core.files.base import ContentFile

from apps.recommenders.models import RecommenderKind
from apps.recommenders.scope import MEMBER_KINDS

from . import similarity
from .choices import AttachmentKind, BenefitArea, Category, MetricDirection, TeamRole
from .models import COMMITMENT_PHASE, Attachment, Metric, TeamMember
from .services import create_project, transition


def demo_arguments(name):
    """What the demo's applicants confirm with a submission: the authenticity commitment (第二十一条)."""
    return {"commitment": True} if name in COMMITMENT_PHASE else {}

# A one-page PDF, enough for a demo attachment.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n"
)

# Each current topic belongs to the industry of the organisation PLAN gives it (organisations in
# apps/organizations/demo.py: 0 精密制造, 1 新材料, 2 汽车零部件, 3 电子科技, 4 生物医药, 5 食品,
# 6 软件服务, 7 石化装备, 8 钢铁制品, 9 供电服务).
TOPICS = [
    ("降低精密轴承套圈磨削烧伤不合格率", "磨削烧伤", "套圈磨削烧伤不合格率", "%", "3.2", "0.8"),  # 0 精密制造
    ("降低数控机床主轴异常停机次数", "主轴异常停机", "月均异常停机次数", "次", "14", "4"),  # 0 精密制造
    ("降低换热器管板泄漏率", "管板泄漏", "水压试验泄漏率", "%", "2.8", "0.7"),  # 7 石化装备
    ("提高高性能复合材料层压板一次合格率", "层压板分层", "一次交检合格率", "%", "91.5", "98.0"),  # 1 新材料
    ("降低汽车座椅骨架焊接返修率", "焊接返修", "焊接返修率", "%", "4.6", "1.5"),  # 2 汽车零部件
    ("缩短表面贴装生产线换线时间", "换线时间长", "平均换线时间", "分钟", "45", "20"),  # 3 电子科技
    ("降低冻干制剂可见异物不合格率", "可见异物", "可见异物不合格率", "‰", "2.1", "0.5"),  # 4 生物医药
    ("降低速冻水饺破损率", "水饺破损", "成品破损率", "%", "5.3", "2.0"),  # 5 食品
    ("缩短政务软件缺陷修复周期", "缺陷修复慢", "平均缺陷修复周期", "天", "6.5", "3.0"),  # 6 软件服务
    ("降低热轧带钢边裂缺陷率", "边裂缺陷", "边裂缺陷率", "%", "1.9", "0.6"),  # 8 钢铁制品
    ("缩短配网故障平均抢修时间", "抢修时间长", "平均抢修时长", "分钟", "96", "60"),  # 9 供电服务
    ("降低钢结构焊缝超声探伤返修率", "焊缝探伤返修", "超声探伤一次合格率", "%", "93.0", "98.5"),  # 0 精密制造
    ("提高锂电池极片涂布厚度一致性", "涂布厚度波动", "涂布厚度过程能力指数", "Cpk", "0.9", "1.33"),  # 1 新材料
    ("降低变速箱齿轮热处理变形超差率", "齿轮热处理变形", "热处理变形超差率", "%", "3.6", "1.0"),  # 2 汽车零部件
    ("降低印制电路板焊点虚焊不良率", "焊点虚焊", "焊点虚焊不良率", "‰", "2.8", "0.6"),  # 3 电子科技
    ("降低注射剂灌装装量差异超限率", "装量差异超限", "装量差异超限率", "‰", "3.5", "1.0"),  # 4 生物医药
    ("降低乳制品包装封口泄漏率", "封口泄漏", "包装封口泄漏率", "‰", "4.2", "1.2"),  # 5 食品
    # Last year's projects (the awards demo), on topics of their own, each in its organisation's industry.
    ("降低发动机缸体铸造气孔缺陷率", "铸造气孔", "缸体气孔缺陷率", "%", "5.1", "1.8"),  # 2 汽车零部件
    ("缩短冲压模具更换调试时间", "换模调试慢", "平均换模调试时间", "分钟", "80", "35"),  # 0 精密制造
    ("缩短银行核心系统缺陷修复周期", "缺陷修复慢", "缺陷平均修复周期", "天", "7.2", "3.5"),  # 6 软件服务
    ("降低口服固体制剂片重差异不合格率", "片重差异", "片重差异不合格率", "‰", "2.6", "0.8"),  # 4 生物医药
    ("提高光伏组件EL检测一次合格率", "组件隐裂", "EL检测一次合格率", "%", "94.2", "98.6"),  # 3 电子科技
    ("降低面包生产线烘烤色差不良率", "烘烤色差", "烘烤色差不良率", "%", "3.8", "1.2"),  # 5 食品
    ("提高变电站巡检缺陷发现率", "巡检漏检", "巡检缺陷发现率", "%", "82", "95"),  # 9 供电服务
    ("降低冷轧板表面划伤缺陷率", "表面划伤", "划伤缺陷率", "%", "1.5", "0.5"),  # 8 钢铁制品
    ("降低碳纤维预浸料树脂含量偏差超标率", "树脂含量偏差", "树脂含量偏差超标率", "%", "4.0", "1.2"),  # 1 新材料
]
LAST_YEAR_TOPICS = 16  # offset: last year's topic n is TOPICS[16 + n]


# Building blocks of the demo applications: each topic draws its own causes, measures and
# follow-up (by a stable hash of the topic), so two demo projects read as different projects to
# the duplicate check (第七条(四)) while a reworded copy of one still reads as a copy.
_CAUSES = [
    ("关键工序参数凭经验设定", "通过试验确定参数窗口并写入程序"),
    ("主要设备精度衰减未及时修复", "建立设备精度月度检测与修复计划"),
    ("检验方法各班组不统一", "编制统一的检验细则并对检验员复训"),
    ("来料批次间波动大", "对供应商实施来料分级验收"),
    ("作业人员技能差异明显", "开展岗位技能矩阵评定和师带徒"),
    ("车间温湿度随季节变化", "加装温湿度自动调节装置"),
    ("工装夹具定位面磨损", "工装夹具改为可换定位块并定期更换"),
    ("作业指导内容过于笼统", "把关键动作拍成图示并逐步量化"),
    ("换型后首件确认流于形式", "推行首件三检并留存记录"),
    ("设备保养周期偏长", "按运行小时缩短保养周期"),
    ("模具结构存在缺陷", "联合模具厂重新设计易损部位"),
    ("冷却时间不足", "延长冷却段并加装温度监测"),
    ("物料搬运过程磕碰", "更换周转器具并优化搬运路线"),
    ("过程数据没有实时采集", "上线数据采集终端实现实时报警"),
    ("供应商变更未经验证", "建立变更申报与小批量验证制度"),
    ("清洁频次不够", "制定分区域清洁标准和检查表"),
    ("计量器具超期未校", "建立计量器具台账并到期锁定"),
    ("异常处置没有闭环", "设立异常响应看板限时关闭"),
    ("润滑油品混用", "按设备润滑图表实行定点定质加油"),
    ("气源压力不稳", "增设储气罐和压力低限报警"),
    ("包装防护不足", "改用缓冲内衬并做跌落试验"),
    ("软件版本管理混乱", "实行配置库管理和发布评审"),
    ("需求变更频繁且无记录", "建立需求变更单和影响评估"),
    ("焊材保管受潮", "焊材入烘干箱并登记领用时间"),
    ("刀具寿命无统计", "按加工件数管理刀具寿命"),
    ("夜班巡检覆盖不足", "调整夜班巡检路线并用手持终端打卡"),
    ("原料配比依靠人工称量", "改为自动配料系统称量"),
    ("在线检测探头漂移", "每班开机用标样校准探头"),
    ("交接班信息遗漏", "使用电子交接班记录"),
    ("生产计划频繁插单", "设定冻结期并按周滚动排产"),
    ("备件库存不足导致带病运行", "按故障率核定关键备件安全库存"),
    ("照明不足影响目检", "检验工位照度提高到一千勒克斯"),
    ("静电防护不到位", "工位加装离子风机并检测腕带"),
    ("外协件质量失控", "对外协厂派驻质量工程师"),
    ("测量系统重复性差", "完成测量系统分析后更换量具"),
    ("工艺文件版本不一致", "收回旧版文件并在线发布"),
]
_CHECKS = [
    "按月召开效果评审会，比对{metric}的前后数据，持续{n}个月。",
    "在{n}个月内每日抽样，由质量部独立统计{metric}并出具报告。",
    "实施后连续{n}个月按周汇总{metric}，用控制图观察过程是否稳定，并与基准期比较。",
    "对策完成后抽取{n}批产品跟踪{metric}，按班次做分层对比，同时核算节约的质量成本。",
    "以{n}个月为观察期逐日登记{metric}，绘制趋势图，目标达成后再持续观察一个季度。",
    "请第三方检测机构对{n}批次样品复核，结合内部记录评价{metric}的变化。",
]
_NEXT = [
    "下一步把成功做法扩展到兄弟车间。",
    "后续将研究自动化检测以进一步减少人为波动。",
    "明年计划围绕能耗开展新的攻关。",
    "计划将经验整理成案例用于内部培训。",
    "将继续跟踪客户端使用情况，收集新的改进需求。",
    "准备把关键参数纳入数字化管理平台。",
]


def _pick(topic, salt, count, size):
    """``count`` distinct indexes below ``size``, stable for a topic (not Python's salted hash)."""
    import zlib

    seed = zlib.crc32(f"{salt}:{topic}".encode("utf-8"))
    picked = []
    while len(picked) < count:
        i = seed % size
        if i not in picked:
            picked.append(i)
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
    return picked


_REASONS = [
    "{symptom}已连续两年列入公司质量月报的前三位，{topic}势在必行。",
    "主机厂年度审核针对{symptom}开具了不符合项，要求提交改进方案。",
    "{symptom}问题长期影响产品质量和客户满意度，{topic}是本年度的重点工作。",
    "近年来客户对{symptom}反映强烈，多次提出整改要求，因此立项{topic}。",
    "{symptom}造成的返工和报废是车间成本居高不下的直接原因，决定开展攻关。",
    "在内部质量审核中，{symptom}被列为首要改进项，管理层要求限期解决。",
]
_STATES = [
    "调取质量追溯系统{months}个月的数据，{symptom}共占不良总数的{share}%，集中在{cause}的时段。",
    "用检查表在现场连续记录{months}周，{symptom}占{share}%，跟踪发现{cause}。",
    "汇总近{months}个月的生产记录，{symptom}占全部质量问题的{share}%，主要与{cause}有关。",
    "按班次和设备分层统计，{symptom}在夜班更突出，累计占比{share}%，排查后指向{cause}。",
    "抽查{months}个批次的检验记录，{symptom}发生率远高于同行，约{share}%的不良可归结为{cause}。",
    "从客户退货和内部返工两方面取数，{symptom}占比{share}%，现场观察发现{cause}。",
]
_GOALS = [
    "用{months}个月时间{topic}，并通过客户验证。",
    "{topic}，使该项指标进入行业前列。",
    "{topic}，在{months}个月内达到设定目标。",
    "攻关完成后{topic}，并保持半年以上。",
    "力争年内{topic}，形成可复制的做法。",
    "{topic}，同时降低相应的质量损失。",
]


def application_text(topic, symptom):
    causes = [_CAUSES[i] for i in _pick(topic, "cause", 3, len(_CAUSES))]
    n_factors = 8 + _pick(topic, "factors", 1, 9)[0]
    share = 31 + _pick(topic, "share", 1, 40)[0]
    months = 2 + _pick(topic, "months", 1, 5)[0]
    start = 1 + _pick(topic, "start", 1, 6)[0]

    def one(pool, salt):
        return pool[_pick(topic, salt, 1, len(pool))[0]]

    fill = {"topic": topic, "symptom": symptom, "months": months + 8, "share": share, "cause": causes[0][0]}
    return {
        "plan_reason": one(_REASONS, "reason").format(**fill),
        "plan_current_state": one(_STATES, "state").format(**fill),
        "plan_goal": one(_GOALS, "goal").format(**fill),
        "plan_cause_analysis": f"围绕{symptom}梳理末端因素{n_factors}项，确认：{causes[0][0]}；{causes[1][0]}；{causes[2][0]}。",
        "plan_countermeasures": f"{causes[0][1]}；{causes[1][1]}；{causes[2][1]}。",
        "do_implementation": f"{start}月{causes[0][1]}；{start + 1}月{causes[1][1]}；{start + 2}月{causes[2][1]}。",
        "check_method": one(_CHECKS, "check").format(n=months, metric=symptom) + f"重点确认{causes[2][0]}这一问题是否消除。",
        "act_standardisation": f"把{causes[1][1].split('并')[0]}写入{symptom}相关的作业文件。",
        "act_summary": f"{symptom}问题得到控制，{causes[0][0]}的情况不再出现。{one(_NEXT, 'next')}",
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
    Metric.objects.create(project=project, name="年节约成本", unit="万元", direction=MetricDirection.HIGHER, baseline=0, target=30 + (idx * 7) % 60)
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


def results_summary(project):
    """成果简介 of a demo project, from its own title and metrics (no two alike)."""
    first = project.metrics.order_by("pk").first()
    key = ""
    if first is not None:
        verb = "降至" if first.direction == MetricDirection.LOWER else "提高到"
        key = f"{first.name}由{first.baseline.normalize():f}{first.unit}{verb}{first.actual.normalize():f}{first.unit}（目标{first.target.normalize():f}{first.unit}），"
    saving = 30 + (project.pk * 7) % 60
    return (
        f"“{project.title}”攻关按PDCA循环完成。对策实施后连续三个月跟踪统计，{key}"
        f"年节约成本约{saving}万元。{project.organization.name}已将有效措施纳入作业文件并在相近产线推广。"
    )


def fill_results(project, user):
    for metric in project.metrics.all():
        metric.actual = metric.target if metric.direction == MetricDirection.LOWER else metric.target + 5
        metric.save(update_fields=["actual"])
    project.results_summary = results_summary(project)
    project.save(update_fields=["results_summary"])
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
    (5, RecommenderKind.INDUSTRY_DEPARTMENT, ["submit", "recommend", "approve", "publish_plan", "submit_results", "recommend_results"]),
]

COMMENTS = {
    "recommend": "经核实，申报材料完整、真实，同意推荐。",
    "decline": "申报内容与质量攻关方向不符，不予推荐。",
    "return_to_applicant": "请补充现状调查数据来源及目标值测算依据后重新提交。",
    "recommend_results": "成果材料齐全，各项指标达到目标，成效显著，同意推荐。",
}


# 第十条 / 第十五条: the unit recommends on its verification checklist, every item confirmed.
VERIFIED_DECISIONS = {"recommend": "application", "recommend_results": "results"}


def advance(project, name, actor, comment=""):
    """Fire ``name`` as the screens do: a recommendation goes through the unit's verification
    (every checklist item confirmed, 第十条 / 第十五条), anything else through the door."""
    from apps.recommenders.models import CHECKLIST

    from .verification import verify_and_decide

    stage = VERIFIED_DECISIONS.get(name)
    if stage is None:
        return transition(project=project, name=name, actor=actor, comment=comment, **demo_arguments(name))
    return verify_and_decide(
        project=project,
        actor=actor,
        stage=stage,
        answers={code: True for code, _ in CHECKLIST[stage]},
        opinion=comment,
        decision=name,
    )


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
        if kind in MEMBER_KINDS:  # 第六条: a group or association recommends its members
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
            if name == "recommend" and similarity.flagged(project):
                similarity.acknowledge(project=project, actor=actor)  # 第七条(四): the unit has seen the flag
            advance(project, name, actor, COMMENTS.get(name, ""))
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
    return {k: v.replace("确认", "确定").replace("问题", "难题") for k, v in text.items()}


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
    # (title, text, organisation index): 营业厅 → 供电服务, 注塑外壳 → 电子科技, 光纤预制棒 → 新材料.
    entries = [(title, text, org_idx) for (title, text), org_idx in zip(EARLIER_PROJECTS, (9, 3, 1))]
    # Near-copies: the current applications of TOPICS[1] (qiye, submitted) and TOPICS[4]
    # (recommended, in the 立项审核 queue) repeat the same organisations' earlier projects.
    for idx, org_idx in ((1, 0), (4, 2)):
        topic, symptom = TOPICS[idx][0], TOPICS[idx][1]
        entries.append((topic, _reworded(application_text(topic, symptom)), org_idx))
    made = []
    for n, (title, text, org_idx) in enumerate(entries):
        org = orgs[org_idx]
        kind = [RecommenderKind.ASSOCIATION, RecommenderKind.INDUSTRY_DEPARTMENT][n % 2]
        if kind in MEMBER_KINDS:  # 第六条: the association recommends its members
            units[kind].member_organizations.add(org)
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
            advance(project, name, actor, COMMENTS.get(name, ""))
        made.append(project)
    Campaign.objects.filter(pk=campaign.pk).update(**past)
    ctx["earlier_projects"] = made
    return made
