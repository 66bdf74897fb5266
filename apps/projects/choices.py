from django.db import models


class Category(models.TextChoices):
    """第二条: what a quality-tackling project works on."""

    PROCESS = "process", "改进生产技术和工艺"
    RESEARCH = "research", "研发科技新成果"
    TECHNICAL_DIFFICULTY = "difficulty", "攻克技术难点"
    SAFETY = "safety", "加强安全生产"
    OTHER = "other", "其他质量问题"


class BenefitArea(models.TextChoices):
    """第七条(三): where significant benefits are expected."""

    QUALITY_EFFICIENCY = "quality_efficiency", "提质增效"
    ENERGY = "energy", "节能降耗"
    SERVICE = "service", "优化服务"
    INNOVATION = "innovation", "自主创新"


class MetricDirection(models.TextChoices):
    LOWER = "lower", "越低越好"
    HIGHER = "higher", "越高越好"


class TeamRole(models.TextChoices):
    """第十二条: the three roles trained by the commission."""

    QUALITY_LEAD = "quality_lead", "质量负责人"
    PROJECT_LEAD = "project_lead", "项目负责人"
    TECHNICAL = "technical", "技术骨干"


class AttachmentKind(models.TextChoices):
    APPLICATION = "application", "立项申报材料"
    RESULTS = "results", "成果材料"
    # The printed 申报书 / 成果材料, signed and stamped by the organisation (apps.projects.stamped).
    STAMPED_APPLICATION = "stamped_application", "盖章申报书扫描件"
    STAMPED_RESULTS = "stamped_results", "盖章成果材料扫描件"


# The sections of the guided form: (letter, title, what it asks, fields).
PDCA_SECTIONS = [
    ("P", "计划（Plan）", "选择课题理由、现状调查、设定目标、原因分析与主要原因、制定对策", [
        "plan_reason", "plan_current_state", "plan_goal", "plan_cause_analysis", "plan_countermeasures",
    ]),
    ("D", "实施（Do）", "按对策表实施的计划与步骤", ["do_implementation"]),
    ("C", "检查（Check）", "如何检查效果：统计方法、对比目标、经济效益测算", ["check_method"]),
    ("A", "处置（Act）", "巩固措施与标准化，总结和下一步打算", ["act_standardisation", "act_summary"]),
]

PDCA_HELP = {
    "plan_reason": "为什么选这个课题：问题对质量、成本、客户的影响。",
    "plan_current_state": "用数据说明现状（统计期、数据来源、分层分析）。",
    "plan_goal": "可测量的目标值及其测算依据。",
    "plan_cause_analysis": "用鱼骨图等方法分析原因，说明如何确认主要原因。",
    "plan_countermeasures": "针对主要原因的对策（5W1H）。",
    "do_implementation": "分阶段实施的内容、时间和责任人。",
    "check_method": "效果检查的方法与指标，与目标值的对比方式。",
    "act_standardisation": "有效措施如何纳入标准、作业指导书或制度。",
    "act_summary": "经验教训与下一步打算。",
}
