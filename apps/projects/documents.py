"""The printable documents of a project: the 申报书 (第九条) and the 成果材料 (第十四条).

Organisations print them, sign and stamp them (盖章) and upload the scan
(:mod:`apps.projects.stamped`). WeasyPrint renders ``templates/projects/document.html`` with the
certificates' font stack. The project should come with its metrics and team prefetched
(:func:`apps.common.project_access.project_or_404` with ``full=True``), so rendering costs no
query per row.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from apps.core.pdf import FONT_STACK, html_to_pdf

from .selectors import pdca_sections
from .models import AUTHENTICITY_COMMITMENT, CommitmentPhase

APPLICATION = "application"
RESULTS = "results"
TITLES = {APPLICATION: "天津市质量攻关项目申报书", RESULTS: "天津市质量攻关成果材料"}


def filename(project, kind) -> str:
    label = "申报书" if kind == APPLICATION else "成果材料"
    return f"{project.number or project.pk}-{label}.pdf"


def has_results(project) -> bool:
    """The 成果材料 exist once a measured value or the summary has been written (第十四条)."""
    return bool(project.results_summary) or any(metric.actual is not None for metric in project.metrics.all())


def document_html(project, kind) -> str:
    outcomes = [
        label
        for flag, label in (
            (project.has_patent, "专利"),
            (project.has_software_copyright, "软件著作权"),
            (project.has_tech_appraisal, "科技成果鉴定"),
            (project.has_standard, "标准"),
        )
        if flag
    ]
    return render_to_string(
        "projects/document.html",
        {
            "project": project,
            "kind": kind,
            "results": kind == RESULTS,
            "heading": TITLES[kind],
            # 第二十一条: the commitment the organisation confirmed on submission, signed here again.
            "commitment": AUTHENTICITY_COMMITMENT[CommitmentPhase.RESULTS if kind == RESULTS else CommitmentPhase.APPLICATION],
            "organization": project.organization,
            "metrics": list(project.metrics.all()),
            "team": list(project.team_members.all()),
            "pdca": pdca_sections(project),
            "outcomes": "、".join(outcomes) or "无",
            "font_stack": FONT_STACK,
            "printed_on": timezone.localdate(),
        },
    )


def application_pdf(project) -> bytes:
    """第九条: the 申报书 with the organisation's seal box and its responsible person's signature."""
    return html_to_pdf(document_html(project, APPLICATION))


def results_pdf(project) -> bytes:
    """第十四条: the 成果材料, each metric's measured value beside its target, sealed and signed."""
    return html_to_pdf(document_html(project, RESULTS))
