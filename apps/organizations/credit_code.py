"""统一社会信用代码 (GB 32100-2015) and the Tianjin registration rule of 第七条(一)."""

from django.core.exceptions import ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, …
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]  # GB 11714 organisation code
TIANJIN_DIVISION_PREFIX = "12"


def check_character(first17: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def organisation_code_check(first8: str) -> str:
    total = sum(_VALUE[ch] * w for ch, w in zip(first8, _ORG_WEIGHTS))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def normalise(code: str) -> str:
    return (code or "").strip().upper()


def validate_credit_code_format(code: str) -> None:
    """GB 32100-2015: 18 characters, both check characters right."""
    code = normalise(code)
    if len(code) != 18:
        raise ValidationError("统一社会信用代码应为18位（GB 32100-2015），当前为%(n)s位。", params={"n": len(code)}, code="length")
    bad = sorted({ch for ch in code if ch not in _VALUE})
    if bad:
        raise ValidationError(
            "统一社会信用代码含有不允许的字符：%(chars)s（不使用I、O、S、V、Z）。", params={"chars": "".join(bad)}, code="charset"
        )
    if not code[2:8].isdigit():
        raise ValidationError("统一社会信用代码第3–8位应为登记管理机关行政区划码（6位数字）。", code="division")
    if organisation_code_check(code[8:16]) != code[16]:
        raise ValidationError("统一社会信用代码第9–17位（组织机构代码）校验位不正确，请核对。", code="org_check")
    if check_character(code[:17]) != code[17]:
        raise ValidationError("统一社会信用代码校验位（第18位）不正确，请核对后重新输入。", code="checksum")


def validate_tianjin_credit_code(code: str) -> None:
    """第七条(一): the applicant must be registered in Tianjin (division code 12xxxx)."""
    validate_credit_code_format(code)
    code = normalise(code)
    if not code[2:8].startswith(TIANJIN_DIVISION_PREFIX):
        raise ValidationError(
            "根据第七条(一)，申报组织须在本市行政区域内登记注册；该代码的登记管理机关行政区划码为%(div)s，不属于天津市（12开头）。",
            params={"div": code[2:8]},
            code="not_tianjin",
        )


def make_credit_code(prefix2: str, division: str, org8: str) -> str:
    """Build a valid code from its parts (demo data and tests)."""
    body = prefix2 + division + org8 + organisation_code_check(org8)
    return body + check_character(body)
