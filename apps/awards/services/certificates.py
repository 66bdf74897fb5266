"""Certificates: issued once per award (fixed serial and verification code), rendered to PDF by
Celery tasks in runs whose progress the page that started them shows."""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from apps.campaigns.models import Campaign
from apps.projects.models import Project
from apps.projects.states import AwardLevel, State

from .. import policy
from ..certificates import render_pdf
from ..models import AwardList, BestOrganizationAward, Certificate, CertificateReissue, CertificateRun, CertificateRunItem
from ..models.certificates import LEVEL_DIGIT
from . import AwardRefused

log = logging.getLogger(__name__)
LEVEL_ORDER = {AwardLevel.FIRST: 0, AwardLevel.SECOND: 1, AwardLevel.THIRD: 2}


def _next_number(campaign) -> int:
    # Certificates are never deleted (a revoked one stays to verify as revoked), so under the
    # campaign lock the count is the last number used.
    return Certificate.objects.filter(campaign=campaign).count() + 1


@transaction.atomic
def issue_certificates(*, campaign) -> list[Certificate]:
    """Create the missing certificates of ``campaign``'s announced awards (idempotent: an award
    that has one keeps it, with its serial and code). Serials: TJQA<year>-<level digit><nnnn>,
    numbered in list order under the campaign lock."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    number = _next_number(campaign)
    issued = []
    projects = list(
        Project.objects.filter(campaign=campaign, state=State.AWARDED, certificate__isnull=True)
        .select_related("organization", "list_entry")
        .order_by("pk")
    )
    projects.sort(key=lambda p: (LEVEL_ORDER.get(p.award_level, 9), getattr(getattr(p, "list_entry", None), "rank", None) or 10**6, p.pk))
    for project in projects:
        issued.append(
            Certificate(
                campaign=campaign,
                kind=Certificate.Kind.PROJECT,
                project=project,
                serial=f"TJQA{campaign.year}-{LEVEL_DIGIT[project.award_level]}{number:04d}",
                holder=project.organization.name,
                title=project.title,
                level_label=AwardLevel(project.award_level).label,
            )
        )
        number += 1
    for award in BestOrganizationAward.objects.filter(
        award_list__campaign=campaign, published=True, certificate__isnull=True
    ).select_related("recommender"):
        issued.append(
            Certificate(
                campaign=campaign,
                kind=Certificate.Kind.BEST_ORGANIZATION,
                best_organization=award,
                serial=f"TJQA{campaign.year}-{LEVEL_DIGIT['best_organization']}{number:04d}",
                holder=award.recommender.name,
                level_label="最佳组织奖",
            )
        )
        number += 1
    Certificate.objects.bulk_create(issued)
    return issued


@transaction.atomic
def start_run(*, campaign, actor, regenerate=False) -> CertificateRun:
    """Issue the missing certificates and queue their rendering (after commit). Without
    ``regenerate`` only certificates without a PDF are rendered."""
    policy.require_staff(actor, "生成证书")
    award_list = AwardList.objects.filter(campaign=campaign).first()
    if award_list is None or award_list.status != AwardList.Status.ANNOUNCED:
        raise AwardRefused("获奖名单公布后方可生成证书（第十七条）。", code="state")
    issue_certificates(campaign=campaign)
    targets = Certificate.objects.filter(campaign=campaign).exclude(project__state=State.REVOKED)
    if not regenerate:
        targets = targets.filter(rendered_at__isnull=True)
    ids = list(targets.values_list("pk", flat=True))
    run = CertificateRun.objects.create(campaign=campaign, started_by=actor, total=len(ids))
    CertificateRunItem.objects.bulk_create([CertificateRunItem(run=run, certificate_id=pk) for pk in ids])
    item_ids = list(run.items.values_list("pk", flat=True))
    transaction.on_commit(lambda: _enqueue(item_ids))
    return run


def _enqueue(item_ids):
    """Queue one task per item. If the broker cannot be reached the items stay pending (the
    page shows it) and starting a run again renders every certificate still without a PDF."""
    from ..tasks import render_certificate

    for pk in item_ids:
        try:
            render_certificate.delay(pk)
        except Exception:  # noqa: BLE001
            log.exception("certificate item %s: could not be queued", pk)
            return


def requeue_stuck_items(*, older_than_seconds=None) -> int:
    """Queue again (after commit) the pending run items not queued or taken up for
    ``older_than_seconds`` (default ``TJQA_CERTIFICATE_STUCK_SECONDS``)."""
    seconds = settings.TJQA_CERTIFICATE_STUCK_SECONDS if older_than_seconds is None else older_than_seconds
    cutoff = timezone.now() - timezone.timedelta(seconds=seconds)
    with transaction.atomic():
        ids = list(
            CertificateRunItem.objects.select_for_update(skip_locked=True)
            .filter(status=CertificateRunItem.Status.PENDING, touched_at__lt=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)[:2000]
        )
        if ids:
            CertificateRunItem.objects.filter(pk__in=ids).update(touched_at=timezone.now())
            log.warning("certificate items stuck for over %ss, queued again: %s", seconds, len(ids))
            transaction.on_commit(lambda: _enqueue(ids))
    return len(ids)


CONTENT_FIELDS = ("holder", "title", "level_label")


def current_content(certificate) -> dict:
    """What ``certificate`` says today: the holder's name, the project's title and its level,
    read from the award it is for."""
    if certificate.kind == Certificate.Kind.PROJECT:
        project = certificate.project
        level = AwardLevel(project.award_level).label if project.award_level in AwardLevel.values else certificate.level_label
        return {"holder": project.organization.name, "title": project.title, "level_label": level}
    return {"holder": certificate.best_organization.recommender.name, "title": "", "level_label": "最佳组织奖"}


def write_pdf(*, certificate, run=None) -> Certificate:
    """Render ``certificate`` and store it under its serial, replacing an earlier file (a
    regeneration keeps serial, code and file name). The issue date printed on it is the date of
    its first rendering and stays so when it is rendered again; only a re-issue whose content
    changed (holder, project title, level) takes the day's date, recorded as a
    ``CertificateReissue``."""
    today = timezone.localdate()
    content = current_content(certificate)
    changes = {field: [getattr(certificate, field), value] for field, value in content.items() if getattr(certificate, field) != value}
    for field, value in content.items():
        setattr(certificate, field, value)
    if certificate.issued_on is None:
        certificate.issued_on = today
    elif changes:
        CertificateReissue.objects.create(
            certificate=certificate,
            run=run,
            actor=run.started_by if run else None,
            previous_issued_on=certificate.issued_on,
            issued_on=today,
            changes=changes,
        )
        log.info("certificate %s re-issued on %s, content changed: %s", certificate.serial, today, sorted(changes))
        certificate.issued_on = today
    certificate.rendered_at = timezone.now()
    data = render_pdf(certificate)
    name = f"{certificate.serial}.pdf"
    if certificate.pdf:
        certificate.pdf.storage.delete(certificate.pdf.name)
    certificate.pdf.save(name, ContentFile(data), save=False)
    certificate.pdf_size = len(data)
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf=certificate.pdf.name,
        pdf_size=certificate.pdf_size,
        rendered_at=certificate.rendered_at,
        issued_on=certificate.issued_on,
        **content,
    )
    return certificate


def mark_item(*, item_id, status, error="") -> None:
    CertificateRunItem.objects.filter(pk=item_id).update(status=status, error=error[:2000])
