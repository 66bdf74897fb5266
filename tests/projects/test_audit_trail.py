"""The transition log, the review audit and the admin's change record are append-only, keep
their actors, and keep the projects they are about (a project with history is not deleted)."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from apps.accounts.models import User
from apps.core.append_only import AppendOnlyError
from apps.review.models import ReviewAuditEvent
from apps.review.services import audit
from apps.projects.models import Project, ProjectTransition
from tests.factories import bring_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(draft, actors):
    bring_to(draft, "recommended", actors=actors)
    return ProjectTransition.objects.filter(project=draft)


def _log_entry(user, project):
    return LogEntry.objects.create(
        user=user, content_type=ContentType.objects.get_for_model(Project), object_id=str(project.pk),
        object_repr=str(project), action_flag=ADDITION, change_message="[]",
    )


def test_transition_rows_cannot_be_changed_or_removed(history):
    row = history.first()
    row.comment = "改写"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        history.update(comment="改写")
    with pytest.raises(AppendOnlyError):
        history.delete()
    with pytest.raises(AppendOnlyError):
        ProjectTransition.objects.all().delete()
    assert set(history.values_list("comment", flat=True)) != {"改写"}


def test_deleting_a_user_keeps_the_actor(history, applicant):
    with pytest.raises(ProtectedError):
        applicant.delete()
    assert history.filter(actor=applicant).exists()


def test_a_project_with_history_cannot_be_deleted(client, history, draft):
    with pytest.raises(ProtectedError):
        draft.delete()
    assert history.count() >= 2
    root = User.objects.create_superuser("root", "root@example.com", "pass-1234")
    client.force_login(root)
    assert client.get(reverse("admin:projects_project_delete", args=[draft.pk])).status_code == 403
    assert client.post(reverse("admin:projects_project_delete", args=[draft.pk]), {"post": "yes"}).status_code == 403
    assert Project.objects.filter(pk=draft.pk).exists()


def test_a_project_without_history_may_still_be_deleted_in_admin(client, draft):
    assert not draft.transitions.exists()
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pass-1234"))
    assert client.get(reverse("admin:projects_project_delete", args=[draft.pk])).status_code == 200


def test_review_audit_cannot_be_changed_or_removed(agency, draft):
    event = audit(ReviewAuditEvent.Action.PANEL_CLOSED, actor=agency, project=draft, message="评审结束")
    events = ReviewAuditEvent.objects.filter(pk=event.pk)
    with pytest.raises(AppendOnlyError):
        events.update(message="改写")
    with pytest.raises(AppendOnlyError):
        events.delete()
    with pytest.raises(ProtectedError):
        agency.delete()
    with pytest.raises(ProtectedError):
        Project.objects.filter(pk=draft.pk).delete()
    assert ReviewAuditEvent.objects.get(pk=event.pk).actor == agency


def test_admin_change_record_cannot_be_changed_or_removed(draft, commission):
    entry = _log_entry(commission, draft)
    entry.change_message = "改写"
    attempts = [
        entry.save,
        entry.delete,
        LogEntry.objects.filter(pk=entry.pk).delete,
        commission.delete,  # the cascade would remove the record of their admin changes
    ]
    for attempt in attempts:
        with pytest.raises(AppendOnlyError), transaction.atomic():
            attempt()
    assert LogEntry.objects.get(pk=entry.pk).user == commission
    assert LogEntry.objects.get(pk=entry.pk).change_message == "[]"


@pytest.mark.postgres
@pytest.mark.parametrize("table", ["projects_projecttransition", "experts_reviewauditevent", "django_admin_log"])
def test_postgres_refuses_raw_update_and_delete(table, history, draft, agency, commission):
    audit(ReviewAuditEvent.Action.PANEL_CLOSED, actor=agency, project=draft, message="评审结束")
    _log_entry(commission, draft)
    column = {"projects_projecttransition": "comment", "experts_reviewauditevent": "message", "django_admin_log": "change_message"}[table]
    for sql in (f"UPDATE {table} SET {column} = 'x'", f"DELETE FROM {table}"):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {column} = 'x'")
        assert cursor.fetchone()[0] == 0
        cursor.execute(f"SELECT count(*) FROM {table}")
        assert cursor.fetchone()[0] >= 1
