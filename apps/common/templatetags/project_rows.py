"""The project lists' rows written in Python, each the markup its template row wrote, escaped
alike: ``{{ projects|inbox_rows }}`` (the unit's inbox, 第九条、第十条、第十五条),
``{{ projects|list_rows }}`` (the project list), ``{{ projects|workbench_rows }}`` (the
workbench's newest projects) and ``{{ projects|tracking_rows:may.training.track }}`` (the
tracking list, 第十三条). A page shows fifty of them, and the template's eight cells a row,
with their ``{% if %}``, ``{% row_url %}`` and filters, took about 60 µs a row; each writer
reverses its link once a page. The rows show what the view read; none of them decides a rule."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from apps.common.templatetags.rows import day, minute, row_link, state_badge
from apps.common.widgets import escape

register = template.Library()

# 第十条, 第十五条: the inbox's action on a row, by the state that waits for the unit.
INBOX_ACTIONS = {"submitted": "审核", "results_submitted": "评估成果"}


def _rows(write, projects, *args):
    return mark_safe("".join(write(project, *args) for project in projects))


def inbox_row(project, review_link):
    """The inbox's row of ``project`` (a ProjectRow): number, title, organisation, its district
    and industry, the submission time (— for none), the state and the review link, marked as
    the action waiting for the unit (审核, 评估成果) or, in grey, 查看."""
    organization = project.organization
    action = INBOX_ACTIONS.get(project.state)
    return (
        f"\n  <tr><td>{escape(project.number)}</td><td>{escape(project.title)}</td><td>{escape(organization.name)}</td>"
        f"<td>{escape(organization.get_district_display())}</td><td>{escape(organization.get_industry_display())}</td>\n"
        f"    <td>{minute(template_localtime(project.submitted_at), '—')}</td><td>{state_badge(project)}</td>\n"
        f'    <td><a class="btn small{"" if action else " secondary"}" href="{escape(review_link(project.pk))}">'
        f"{action or '查看'}</a></td></tr>\n  "
    )


@register.filter
def inbox_rows(projects):
    """The inbox's rows (:func:`inbox_row`) of ``projects``."""
    return _rows(inbox_row, projects, row_link("recommenders:review"))


def list_row(project, detail_link):
    """The project list's row of ``project`` (a ProjectRow): number, title linked to the
    project, organisation, unit (— for none), year, state and the last change's time."""
    recommender = project.recommender
    return (
        f'\n    <tr><td>{escape(project.number)}</td><td><a href="{escape(detail_link(project.pk))}">{escape(project.title)}</a></td>'
        f"<td>{escape(project.organization.name)}</td>\n"
        f"      <td>{escape((recommender.name if recommender is not None else '') or '—')}</td>"
        f"<td>{escape(project.campaign.year)}</td><td>{state_badge(project)}</td>"
        f"<td>{minute(template_localtime(project.updated_at))}</td></tr>\n  "
    )


@register.filter
def list_rows(projects):
    """The project list's rows (:func:`list_row`) of ``projects``."""
    return _rows(list_row, projects, row_link("projects:detail"))


def workbench_row(project, detail_link):
    """The workbench's row of ``project`` (a ProjectRow): number, title linked to the
    project, organisation, unit (— for none; a unit is shown by its name) and state."""
    recommender = project.recommender
    return (
        f'\n      <tr><td class="nowrap">{escape(project.number)}</td><td><a href="{escape(detail_link(project.pk))}">{escape(project.title)}</a></td>'
        f"<td>{escape(str(project.organization))}</td><td>{escape(str(recommender)) if recommender is not None else '—'}</td>"
        f"<td>{state_badge(project)}</td></tr>\n    "
    )


@register.filter
def workbench_rows(projects):
    """The workbench's rows (:func:`workbench_row`) of ``projects``."""
    return _rows(workbench_row, projects, row_link("projects:detail"))


def tracking_row(project, may_track):
    """The tracking list's row of ``project`` (a row of training.selectors.tracking_rows):
    title and number, organisation, unit (— for none), state, the number of visits, the last
    one's date (— for none) and the link to the project's visits: 记录 / 查看 for the unit that
    records them (``may_track``), 查看 in grey for the programme's staff."""
    last_visit = project["last_visit"]
    return (
        f'\n      <tr><td>{escape(project["title"])}<div class="muted">{escape(project["number"])}</div></td>'
        f'<td>{escape(project["organization__name"])}</td><td>{escape(project["recommender__name"] or "—")}</td>'
        f"<td>{state_badge(project)}</td>\n"
        f'        <td class="num">{escape(project["n_visits"])}</td><td>{(day(last_visit) if last_visit else "") or "—"}</td>\n'
        f'        <td><a class="btn small {"" if may_track else "secondary"}" href="{escape(project["tracking_url"])}">'
        f"{'记录 / 查看' if may_track else '查看'}</a></td></tr>\n    "
    )


@register.filter
def tracking_rows(projects, may_track):
    """The tracking list's rows (:func:`tracking_row`) of ``projects``."""
    return _rows(tracking_row, projects, bool(may_track))
