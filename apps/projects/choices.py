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
