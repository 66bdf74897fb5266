"""第六条: the district an organisation belongs to, read from its 统一社会信用代码.

Characters 3–8 of the code are the administrative-division code of the registration
authority (GB 32100-2015, GB/T 2260). In Tianjin that code names the district; the table
below is written from the official division codes. The former 塘沽区、汉沽区、大港区
(120107, 120108, 120109) are part of 滨海新区 since 2009, and the former counties
(宁河县 120221, 武清县 120222, 静海县 120223, 宝坻县 120224, 蓟县 120225) are today's
districts; codes issued before the change still carry the old numbers.
"""

from .choices import District
from .credit_code import normalise

DIVISION_DISTRICTS = {
    "120101": District.HEPING,  # 和平区
    "120102": District.HEDONG,  # 河东区
    "120103": District.HEXI,  # 河西区
    "120104": District.NANKAI,  # 南开区
    "120105": District.HEBEI,  # 河北区
    "120106": District.HONGQIAO,  # 红桥区
    "120107": District.BINHAI,  # 原塘沽区
    "120108": District.BINHAI,  # 原汉沽区
    "120109": District.BINHAI,  # 原大港区
    "120110": District.DONGLI,  # 东丽区
    "120111": District.XIQING,  # 西青区
    "120112": District.JINNAN,  # 津南区
    "120113": District.BEICHEN,  # 北辰区
    "120114": District.WUQING,  # 武清区
    "120115": District.BAODI,  # 宝坻区
    "120116": District.BINHAI,  # 滨海新区
    "120117": District.NINGHE,  # 宁河区
    "120118": District.JINGHAI,  # 静海区
    "120119": District.JIZHOU,  # 蓟州区
    "120221": District.NINGHE,  # 原宁河县
    "120222": District.WUQING,  # 原武清县
    "120223": District.JINGHAI,  # 原静海县
    "120224": District.BAODI,  # 原宝坻县
    "120225": District.JIZHOU,  # 原蓟县
}


def district_from_credit_code(code: str) -> str:
    """The district named by the code's division digits, or "" when they name none (a code
    issued by a city-level authority, 120000, says nothing about the district)."""
    return DIVISION_DISTRICTS.get(normalise(code)[2:8], "")
