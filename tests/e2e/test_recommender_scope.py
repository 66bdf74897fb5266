"""第六条/第九条: an applicant chooses among the recommending units whose scope includes its
organisation. An organisation registered in 武清区 is offered the 武清区 bureau and no other
district's bureau."""

import io

import pytest
from django.core.management import call_command

from apps.accounts.roles import Role
from apps.organizations.models import Organization
from tests.e2e.conftest import login, shot
from tests.factories import make_user

# 91 (企业) + 120114 (武清区) + 35802467 + 2 (GB 11714 check) + T (GB 32100 check).
WUQING_CODE = "91120114358024672T"


@pytest.mark.django_db(transaction=True)
def test_a_wuqing_applicant_is_offered_the_wuqing_bureau_only(new_page, campaign):
    call_command("load_recommender_units", stdout=io.StringIO())  # the directory: 16 district bureaus, …
    org = Organization.objects.create(
        name="天津武清浏览器测试食品有限公司", credit_code=WUQING_CODE, industry="food", contact_name="杨工", contact_phone="022-29998888"
    )
    assert org.district == "wuqing"  # from the code's division digits 120114
    user = make_user(Role.APPLICANT, organization=org, username="yanggong")

    page = login(new_page(), user.username)
    page.goto("/projects/new/")
    options = [text.strip() for text in page.locator("#id_recommender option").all_inner_texts()]
    shot(page, "scope-01-application-units")
    assert "武清区市场监督管理局（区市场监督管理部门）" in options
    assert "滨海新区市场监督管理局（区市场监督管理部门）" not in options
    bureaus = [text for text in options if "区市场监督管理部门" in text]
    assert bureaus == ["武清区市场监督管理局（区市场监督管理部门）"]  # no other district's bureau
    # 食品: the departments governing food are offered too (第六条).
    assert "天津市农业农村委员会（市级行业主管部门）" in options
    assert "天津市住房和城乡建设委员会（市级行业主管部门）" not in options
    assert "只列出推荐范围包括本组织的推荐单位（第六条）" in page.inner_text("main")
