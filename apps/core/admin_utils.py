from django.contrib import admin
from django.db import models


def register_plain(*model_classes):
    """Register models with a plain admin whose relations are raw-id inputs (no huge
    drop-downs over thousands of rows) and whose timestamps are read-only."""
    for model in model_classes:
        relations = [f.name for f in model._meta.get_fields() if isinstance(f, models.ForeignKey | models.OneToOneField) and f.concrete]
        stamps = [f.name for f in model._meta.fields if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)]
        attrs = {"raw_id_fields": relations, "readonly_fields": stamps, "list_select_related": True}
        admin.site.register(model, type(f"{model.__name__}Admin", (admin.ModelAdmin,), attrs))
