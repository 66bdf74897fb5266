import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from apps.accounts.models import User

# The versions django-simple-history keeps are read on their model's "历史" admin page.
PROJECT_MODELS = [m for m in apps.get_models() if m.__module__.startswith("apps.") and not m.__name__.startswith("Historical")]


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_every_model_has_a_working_admin(model, client, draft):
    assert admin.site.is_registered(model)
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pass-1234"))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200


def test_admin_lists_the_versions_of_an_application(client, draft):
    draft.title = "降低焊接返修率（修订）"
    draft.save()
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pass-1234"))
    html = client.get(reverse("admin:projects_project_history", args=[draft.pk])).content.decode()
    assert "降低焊接返修率（修订）" in html


def test_admin_shows_project_state_read_only(client, draft):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pass-1234"))
    html = client.get(reverse("admin:projects_project_change", args=[draft.pk])).content.decode()
    assert 'name="state"' not in html
