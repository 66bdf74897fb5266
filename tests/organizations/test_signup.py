"""Sign-up: register an organisation registered in Tianjin (第七条(一)), or join one."""

import datetime

import pytest
from django.urls import reverse

from apps.accounts.roles import Role
from apps.accounts.models import User
from apps.organizations.credit_code import make_credit_code
from apps.organizations.models import Organization, OrganizationBan

pytestmark = pytest.mark.django_db

TIANJIN_CODE = make_credit_code("91", "120116", "77665544")


def signup_data(**org):
    data = {
        "user-username": "zhangsan",
        "user-full_name": "张三",
        "user-phone": "13800000000",
        "user-email": "zs@example.com",
        "user-password1": "Zhiliang@2026",
        "user-password2": "Zhiliang@2026",
        "org-name": "天津新注册制造有限公司",
        "org-credit_code": TIANJIN_CODE,
        "org-district": "binhai",
        "org-industry": "equipment",
        "org-address": "天津市滨海新区某路1号",
        "org-contact_name": "张三",
        "org-contact_phone": "022-88888888",
        "org-contact_email": "",
    }
    data.update({f"org-{k}": v for k, v in org.items()})
    return data


def test_register_creates_organisation_and_applicant(client):
    response = client.post(reverse("organizations:register"), signup_data())
    assert response.status_code == 302
    user = User.objects.get(username="zhangsan")
    org = Organization.objects.get(credit_code=TIANJIN_CODE)
    assert user.organization == org and user.has_role(Role.APPLICANT)
    page = client.get(reverse("organizations:mine")).content.decode()  # logged in
    assert org.name in page and org.join_code in page
    assert org.administrator == user


def test_register_refuses_beijing_code_and_keeps_input(client):
    response = client.post(reverse("organizations:register"), signup_data(credit_code="91110000600037341L"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "根据第七条(一)" in body and "不属于天津市" in body
    assert 'value="天津新注册制造有限公司"' in body
    assert not User.objects.filter(username="zhangsan").exists()


def test_register_refuses_bad_checksum(client):
    body = client.post(reverse("organizations:register"), signup_data(credit_code=TIANJIN_CODE[:-1] + ("0" if TIANJIN_CODE[-1] != "0" else "1"))).content.decode()
    assert "校验位" in body


def test_banned_code_is_told_why_and_until_when(client):
    OrganizationBan.objects.create(
        credit_code=TIANJIN_CODE, organization_name="旧名称", starts_on=datetime.date(2025, 3, 1), reason="成果材料造假"
    )
    body = client.post(reverse("organizations:register"), signup_data()).content.decode()
    assert "根据第二十一条，该组织自2025-03-01起5年内不得申报" in body
    assert "2030-03-01" in body and "成果材料造假" in body
    assert not Organization.objects.filter(credit_code=TIANJIN_CODE).exists()


def test_existing_organisation_points_to_join(client, organization):
    body = client.post(reverse("organizations:register"), signup_data(credit_code=organization.credit_code)).content.decode()
    assert "已登记" in body and "加入码" in body


def join_data(org, code):
    return {
        "user-username": "lisi",
        "user-full_name": "李四",
        "user-phone": "",
        "user-email": "",
        "user-password1": "Zhiliang@2026",
        "user-password2": "Zhiliang@2026",
        "join-credit_code": org.credit_code.lower(),
        "join-join_code": code,
    }


def test_colleague_joins_with_the_join_code_and_sees_the_projects(client, draft, organization):
    response = client.post(reverse("organizations:join"), join_data(organization, organization.join_code.lower()))
    assert response.status_code == 302
    user = User.objects.get(username="lisi")
    assert user.organization == organization and user.has_role(Role.APPLICANT)
    assert user.has_perm("projects.change_project", draft)
    assert draft.title in client.get(reverse("projects:list")).content.decode()


def test_wrong_join_code_is_refused(client, organization):
    body = client.post(reverse("organizations:join"), join_data(organization, "WRONG123")).content.decode()
    assert "加入码不正确" in body
    assert not User.objects.filter(username="lisi").exists()


def test_join_codes_differ_per_organisation(organization, other_organization):
    assert organization.join_code != other_organization.join_code
    assert len(organization.join_code) == 10


def test_mine_shows_the_ban(client, applicant, organization):
    OrganizationBan.objects.create(
        credit_code=organization.credit_code, organization_name=organization.name, starts_on=datetime.date.today(), reason="虚假材料"
    )
    client.force_login(applicant)
    body = client.get(reverse("organizations:mine")).content.decode()
    assert "根据第二十一条" in body


def test_mine_is_only_for_applicants(client, recommender):
    client.force_login(recommender)
    assert client.get(reverse("organizations:mine")).status_code == 404


def test_contact_update_keeps_input_on_error(client, applicant, organization):
    client.force_login(applicant)
    response = client.post(reverse("organizations:mine"), {"address": "新地址", "contact_name": "", "contact_phone": "022-1", "contact_email": "bad"})
    body = response.content.decode()
    assert response.status_code == 200 and 'value="新地址"' in body and "has-error" in body
    response = client.post(reverse("organizations:mine"), {"address": "新地址", "contact_name": "王五", "contact_phone": "022-1", "contact_email": ""})
    organization.refresh_from_db()
    assert organization.address == "新地址" and organization.contact_name == "王五"
