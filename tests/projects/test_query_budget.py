"""List pages cost a constant number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import User
from tests.factories import OrganizationFactory, RecommenderFactory, ready_application


def make_projects(campaign, n):
    from apps.accounts.roles import Role
    from tests.factories import make_user

    recommender = RecommenderFactory()
    for i in range(n):
        org = OrganizationFactory()
        user = make_user(Role.APPLICANT, organization=org)
        ready_application(campaign=campaign, organization=org, recommender=recommender, title=f"项目{i}", created_by=user)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "url", [reverse("admin:projects_project_changelist"), reverse("admin:projects_projecttransition_changelist"), reverse("portal:workbench")]
)
def test_list_costs_the_same_for_10_and_200_projects(client, campaign, url):
    admin = User.objects.create_superuser("root", "root@example.com", "pass-1234")
    from apps.accounts.roles import Role, ensure_role_groups

    admin.groups.add(ensure_role_groups()[Role.COMMISSION])  # the workbench lists all for staff
    client.force_login(admin)
    make_projects(campaign, 10)
    small = count_queries(client, url)
    make_projects(campaign, 190)
    large = count_queries(client, url)
    assert small == large, f"{url}: {small} queries for 10 projects, {large} for 200"


def test_workbench_for_applicant_is_constant(client, campaign, applicant, organization, django_assert_max_num_queries):
    rec = RecommenderFactory()
    ready_application(campaign=campaign, organization=organization, recommender=rec, created_by=applicant)
    client.force_login(applicant)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("portal:workbench"))
    for i in range(15):
        ready_application(campaign=campaign, organization=organization, recommender=rec, created_by=applicant, title=f"p{i}")
    with django_assert_max_num_queries(len(one)):
        response = client.get(reverse("portal:workbench"))
    assert response.content.decode().count("<tr>") >= 16
