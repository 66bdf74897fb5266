"""第十三条: each project keeps the day of its latest tracking visit (Project.last_visit_on, the
tracking list's order), whichever door records, changes or deletes a visit."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from apps.accounts.models import User
from apps.projects.models import Project
from apps.training.models import TrackingVisit
from apps.training.services import record_visit, update_visit

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def last_visit(project):
    return Project.objects.values_list("last_visit_on", flat=True).get(pk=project.pk)


def visit(project, recommender, day):
    return record_visit(project=project, actor=recommender, visited_on=day, form="on_site", findings="进度正常", guidance="按计划推进")


def admin_form(project, recorder, day):
    """The admin's form of a visit on ``project`` on ``day``."""
    return {
        "project": project.pk,
        "recommender": project.recommender_id,
        "visited_on": day.isoformat(),
        "form": "remote",
        "participants": "",
        "findings": "进度正常",
        "guidance": "按计划推进",
        "recorded_by": recorder.pk,
    }


def test_the_services_keep_the_latest_visit_day(recommender, make_project):
    project = make_project("in_progress")
    assert last_visit(project) is None
    first = visit(project, recommender, days_ago(10))
    assert last_visit(project) == days_ago(10)
    visit(project, recommender, days_ago(3))
    assert last_visit(project) == days_ago(3)
    visit(project, recommender, days_ago(20))  # an earlier visit recorded later
    assert last_visit(project) == days_ago(3)
    update_visit(visit=first, actor=recommender, visited_on=days_ago(1))
    assert last_visit(project) == days_ago(1)
    update_visit(visit=first, actor=recommender, visited_on=days_ago(30))  # the latest moved back
    assert last_visit(project) == days_ago(3)


def test_deleting_visits_falls_back_to_the_latest_left_and_then_to_none(recommender, make_project):
    project = make_project("in_progress")
    older, newer = visit(project, recommender, days_ago(9)), visit(project, recommender, days_ago(2))
    newer.delete()
    assert last_visit(project) == days_ago(9)
    TrackingVisit.objects.filter(pk=older.pk).delete()  # a queryset delete (the admin's bulk action)
    assert last_visit(project) is None


def test_a_refused_visit_changes_nothing(recommender, other_recommender, make_project):
    project = make_project("in_progress")
    visit(project, recommender, days_ago(5))
    with pytest.raises(Exception):
        visit(project, other_recommender, days_ago(1))
    assert last_visit(project) == days_ago(5)


def test_the_admin_keeps_it_too_and_a_moved_visit_updates_both_projects(client, recommender, make_project):
    first, second = make_project("in_progress"), make_project("in_progress")
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pass-1234"))
    form = admin_form(first, recommender, days_ago(4))
    response = client.post(reverse("admin:training_trackingvisit_add"), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    added = TrackingVisit.objects.get()
    assert last_visit(first) == days_ago(4)
    response = client.post(reverse("admin:training_trackingvisit_change", args=[added.pk]), {**form, "project": second.pk})
    assert response.status_code == 302
    assert (last_visit(first), last_visit(second)) == (None, days_ago(4))
    response = client.post(reverse("admin:training_trackingvisit_delete", args=[added.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert last_visit(second) is None


def test_the_migration_sets_it_from_the_visits_already_recorded(recommender, make_project):
    visited, never = make_project("in_progress"), make_project("in_progress")
    visit(visited, recommender, days_ago(8))
    visit(visited, recommender, days_ago(6))
    Project.objects.update(last_visit_on=None)
    migration = importlib.import_module("apps.training.migrations.0003_last_visit")
    migration.set_last_visits(apps, None)
    assert (last_visit(visited), last_visit(never)) == (days_ago(6), None)


def test_a_visit_keeps_its_projects_year_whichever_door_saves_it(client, campaign, recommender, make_project):
    from tests.factories import CampaignFactory

    earlier = CampaignFactory(year=campaign.year - 1)
    this_years, earlier_ones = make_project("in_progress"), make_project("in_progress", campaign=earlier)
    recorded = visit(earlier_ones, recommender, days_ago(3))
    assert TrackingVisit.objects.get(pk=recorded.pk).campaign_id == earlier.pk
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pass-1234"))
    form = admin_form(this_years, recommender, days_ago(3))
    response = client.post(reverse("admin:training_trackingvisit_change", args=[recorded.pk]), form)
    assert response.status_code == 302
    assert TrackingVisit.objects.get(pk=recorded.pk).campaign_id == campaign.pk


def test_the_migration_sets_each_visits_year_from_its_project(campaign, recommender, make_project):
    from tests.factories import CampaignFactory

    earlier = CampaignFactory(year=campaign.year - 1)
    recorded = [visit(make_project("in_progress"), recommender, days_ago(2)), visit(make_project("in_progress", campaign=earlier), recommender, days_ago(2))]
    TrackingVisit.objects.update(campaign=earlier)
    importlib.import_module("apps.training.migrations.0004_visit_year").set_years(apps, None)
    assert [TrackingVisit.objects.get(pk=v.pk).campaign_id for v in recorded] == [campaign.pk, earlier.pk]
