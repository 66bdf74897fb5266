"""The admin asks the domain policy like every other door: each model's view, add, change and
delete are the django-rules permissions ``<app>.admin_<action>_<model>`` its app's ``policy.py``
declares (``apps.accounts.policy.admin_permissions``). The rule itself is asked, so a superuser
gets no more than the policy gives: decision data stays read-only."""

import rules
from django.contrib import admin
from django.db import models


class PolicyPermissions:
    """Mixin for a ModelAdmin or an inline: its permissions come from the policy."""

    def _may(self, request, action, obj=None):
        return rules.has_perm(f"{self.opts.app_label}.admin_{action}_{self.opts.model_name}", request.user, obj)

    def has_view_permission(self, request, obj=None):
        return self._may(request, "view", obj) or self._may(request, "change", obj)

    def has_add_permission(self, request, obj=None):  # an inline passes the parent, not asked
        return self._may(request, "add")

    def has_change_permission(self, request, obj=None):
        return self._may(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, "delete", obj)

    def has_module_permission(self, request):
        return self.has_view_permission(request)


class PolicyAdmin(PolicyPermissions, admin.ModelAdmin):
    pass


class PolicyTabularInline(PolicyPermissions, admin.TabularInline):
    pass


def register_plain(*model_classes):
    """Register models with a plain admin whose relations are raw-id inputs (no huge
    drop-downs over thousands of rows) and whose timestamps are read-only."""
    for model in model_classes:
        relations = [f.name for f in model._meta.get_fields() if isinstance(f, models.ForeignKey | models.OneToOneField) and f.concrete]
        stamps = [f.name for f in model._meta.fields if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)]
        attrs = {"raw_id_fields": relations, "readonly_fields": stamps, "list_select_related": True}
        admin.site.register(model, type(f"{model.__name__}Admin", (PolicyAdmin,), attrs))


class DecisionDataAdmin(PolicyAdmin):
    """Decision data is read-only in admin (第二十三条; the audit trail): scores, proposal and
    award-list entries, bans, revocations, objection outcomes, review audit, transition logs.
    Its app's policy denies add, change and delete (``admin_permissions(..., read_only=True)``);
    each page says which screen changes the data through its service, which checks the rules
    and writes the log. ``decision_note`` names that screen."""

    decision_note = ""

    def _with_note(self, extra_context):
        context = dict(extra_context or {})
        context["subtitle"] = f"只读（决策数据不在后台修改）：{self.decision_note}"
        return context

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, self._with_note(extra_context))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(request, object_id, form_url, self._with_note(extra_context))


def register_read_only(model, note, **attrs):
    """Register ``model`` with a :class:`DecisionDataAdmin` showing ``note``."""
    attrs = {"decision_note": note, "list_select_related": True, **attrs}
    admin.site.register(model, type(f"{model.__name__}Admin", (DecisionDataAdmin,), attrs))
