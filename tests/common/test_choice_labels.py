"""The labels the lists show for a project's and an organisation's choices are Django's own."""

from django.db.models import Model

from apps.organizations.models import Organization
from apps.projects.models import Project


def django_label(instance, field):
    return Model._get_FIELD_display(instance, field)


def test_every_choice_shows_the_label_django_would_show():
    for model in (Project, Organization):
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            for value in [value for value, _ in field.flatchoices] + ["", "not-a-choice"]:
                instance = model(**{field.attname: value})
                shown = getattr(instance, f"get_{field.name}_display")()
                assert shown == django_label(instance, field), (model.__name__, field.name, value)
