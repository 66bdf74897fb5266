from django.db import models


class District(models.TextChoices):
    """The 16 districts of Tianjin."""

    HEPING = "heping", "和平区"
    HEDONG = "hedong", "河东区"
    HEXI = "hexi", "河西区"
    NANKAI = "nankai", "南开区"
    HEBEI = "hebei", "河北区"
    HONGQIAO = "hongqiao", "红桥区"
    DONGLI = "dongli", "东丽区"
    XIQING = "xiqing", "西青区"
    JINNAN = "jinnan", "津南区"
    BEICHEN = "beichen", "北辰区"
    WUQING = "wuqing", "武清区"
    BAODI = "baodi", "宝坻区"
    BINHAI = "binhai", "滨海新区"
    NINGHE = "ninghe", "宁河区"
    JINGHAI = "jinghai", "静海区"
    JIZHOU = "jizhou", "蓟州区"


class Industry(models.TextChoices):
    EQUIPMENT = "equipment", "装备制造"
    AUTOMOTIVE = "automotive", "汽车及零部件"
    PETROCHEMICAL = "petrochemical", "石油化工"
    ELECTRONICS = "electronics", "电子信息"
    BIOMEDICINE = "biomedicine", "生物医药"
    MATERIALS = "materials", "新材料"
    METALLURGY = "metallurgy", "冶金"
    LIGHT_INDUSTRY = "light", "轻工纺织"
    FOOD = "food", "食品"
    CONSTRUCTION = "construction", "建筑工程"
    ENERGY = "energy", "能源电力"
    TRANSPORT = "transport", "交通运输"
    SERVICES = "services", "服务业"
    OTHER = "other", "其他"
