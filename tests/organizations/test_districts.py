"""第六条: an organisation's district, read from the division digits (characters 3–8) of its
统一社会信用代码; it decides which district bureau recommends it."""

import pytest

from apps.organizations.districts import district_from_credit_code
from apps.organizations.models import Organization

pytestmark = pytest.mark.django_db

# A 武清区 code: 91 (企业) + 120114 (武清区) + 35802467 + 2 (GB 11714 check) + T (GB 32100 check).
WUQING_CODE = "91120114358024672T"


@pytest.mark.parametrize(
    "code, district",
    [
        ("91120114MA05XXXX1A", "wuqing"),  # 120114 武清区
        ("91120116MA05XXXX1A", "binhai"),  # 120116 滨海新区
        ("91120107MA05XXXX1A", "binhai"),  # 120107 原塘沽区, now 滨海新区
        ("91120101MA05XXXX1A", "heping"),  # 120101 和平区
        ("91120119MA05XXXX1A", "jizhou"),  # 120119 蓟州区
        ("91120225MA05XXXX1A", "jizhou"),  # 120225 原蓟县
        ("91120000MA05XXXX1A", ""),  # 120000: the city's authority names no district
    ],
)
def test_district_from_the_division_digits_of_the_credit_code(code, district):
    assert district_from_credit_code(code) == district


def test_the_check_digits_of_the_wuqing_code_are_valid_and_it_defaults_to_wuqing():
    o = Organization.objects.create(name="天津武清测试有限公司", credit_code=WUQING_CODE, industry="food", contact_name="a", contact_phone="1")
    o.full_clean()  # GB 32100-2015 check characters
    assert o.district == "wuqing" and o.scope_district == "wuqing" and not o.district_unconfirmed


def test_a_stated_district_other_than_the_codes_is_unconfirmed_until_confirmed():
    o = Organization.objects.create(
        name="天津武清测试有限公司", credit_code=WUQING_CODE, district="binhai", industry="food", contact_name="a", contact_phone="1"
    )
    assert o.registered_district == "wuqing" and o.get_registered_district_label() == "武清区"
    assert o.district_unconfirmed and o.scope_district == "wuqing"
    o.district_confirmed = True
    assert not o.district_unconfirmed and o.scope_district == "binhai"


def _registration(**changes):
    from apps.applicant.forms.organizations import OrganizationForm

    data = {"name": "天津武清登记测试有限公司", "credit_code": WUQING_CODE, "district": "", "industry": "food", "contact_name": "杨工", "contact_phone": "022-29998888"}
    data.update(changes)
    return OrganizationForm(data)


def test_registration_takes_the_district_from_the_code_when_none_is_chosen():
    form = _registration()
    assert form.is_valid(), form.errors
    assert form.save().district == "wuqing"


def test_registration_keeps_a_chosen_district_unconfirmed_when_the_code_names_another():
    form = _registration(district="binhai")
    assert form.is_valid(), form.errors
    o = form.save()
    assert o.district == "binhai" and o.district_unconfirmed and o.scope_district == "wuqing"


def test_registration_asks_for_the_district_when_the_code_names_none():
    # 91 + 120000 (天津市, the city's authority) + 35802467 + 2 + C (GB 32100 check).
    form = _registration(credit_code="91120000358024672C")
    assert not form.is_valid()
    assert form.errors["district"] == ["该统一社会信用代码未体现所在区，请选择所在区（第六条）。"]
