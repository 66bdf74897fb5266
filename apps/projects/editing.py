"""Writes by the applicant on its own application (第七条, 第九条) and results material (第十四条).

State changes are not made here (see :mod:`apps.projects.services`); these functions only edit
content, and only in the states that allow it."""

import rules
from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from apps.core.exceptions import Refusal

from . import uploads
from .choices import AttachmentKind
from .models import Attachment, Project
from .policy import applicant_of_project
from .services import create_project
from .states import EDITABLE_STATES, RESULTS_EDITABLE_STATES

NOT_EDITABLE = "项目当前状态为“{state}”，申报材料不能修改（仅草稿或退回修改时可修改，第九条）。"
RESULTS_NOT_EDITABLE = "项目当前状态为“{state}”，成果材料不能修改（仅实施中可填写，第十四条）。"


EDITED_MEANWHILE = "该申报已于{when}被{who}修改，您的修改未保存。请保留本页内容，刷新页面查看最新版本后再修改。"


# The portal's one refusal (apps.core.exceptions), under the name this app's callers know.
EditRefused = Refusal


def version_of(project) -> str:
    """What the editor saw: the time of the last save (optimistic check between colleagues)."""
    return project.updated_at.isoformat() if project.updated_at else ""


def can_edit_application(project, user) -> bool:
    return rules.has_perm("projects.edit_application", user, project)


def can_edit_results(project, user) -> bool:
    return rules.has_perm("projects.edit_results", user, project)


def _check(project, user, *, results=False):
    if not applicant_of_project(user, project):
        raise PermissionDenied("您无权修改该项目。")
    states, message = (RESULTS_EDITABLE_STATES, RESULTS_NOT_EDITABLE) if results else (EDITABLE_STATES, NOT_EDITABLE)
    if project.state not in states:
        raise EditRefused(message.format(state=project.get_state_display()))


def _lock(project, expected_version=None):
    """Lock the row so an edit and a concurrent transition do not interleave; refuse when a
    colleague saved since the editor loaded the page."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if expected_version and version_of(locked) != expected_version:
        when = locked.updated_at.astimezone(timezone.get_current_timezone())
        raise EditRefused(EDITED_MEANWHILE.format(when=f"{when:%H:%M:%S}", who="同事"), code="conflict")
    return locked


def add_attachments(*, project, kind, files, actor):
    """Store uploaded files that :func:`uploads.validate_upload` accepted (content-checked)."""
    created = []
    for upload in files:
        detected = uploads.validate_upload(upload)
        attachment = Attachment(
            project=project,
            kind=kind,
            original_name=(upload.name or "附件")[:255],
            content_type=detected.content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        upload.seek(0)
        attachment.file.save(uploads.stored_name(upload.name or "附件", detected), File(upload), save=False)
        attachment.save()
        created.append(attachment)
    return created


@transaction.atomic
def save_application(*, project, form, metrics, team, files, remove_attachments=(), actor, campaign=None, expected_version=None):
    """Save the application from a valid form and formsets (第七条(二)(三)): a new draft when
    ``project`` is None, else the existing draft or returned application. All or nothing."""
    if project is None:
        if not rules.has_perm("projects.create", actor):
            raise PermissionDenied("只有已登记申报组织的用户可以填写申报。")
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}
        project = create_project(campaign=campaign, organization=actor.organization, created_by=actor, **data)
    else:
        _check(project, actor)
        _lock(project, expected_version)
        project = form.save()
    for formset in (metrics, team):
        formset.instance = project
        formset.save()
    for attachment in project.attachments.filter(pk__in=list(remove_attachments), kind=AttachmentKind.APPLICATION):
        attachment.file.delete(save=False)
        attachment.delete()
    add_attachments(project=project, kind=AttachmentKind.APPLICATION, files=files, actor=actor)
    return project


@transaction.atomic
def save_results(*, project, form, metrics, files, remove_attachments=(), actor, expected_version=None):
    """第十四条: the results summary, the measured value of every metric, results attachments."""
    _check(project, actor, results=True)
    _lock(project, expected_version)
    form.save()
    metrics.save()
    for attachment in project.attachments.filter(pk__in=list(remove_attachments), kind=AttachmentKind.RESULTS):
        attachment.file.delete(save=False)
        attachment.delete()
    add_attachments(project=project, kind=AttachmentKind.RESULTS, files=files, actor=actor)
    return project
