"""Rows of the review's long tables written in Python, each the markup its template row wrote,
escaped alike: ``{{ event|audit_row:audit_url }}`` (the audit tables, 第二十三条),
``{{ assignment|assignment_row }}`` (an expert's assignments on the expert's page), and the
panel screen's ``{% progress_row %}`` (its progress table), ``{{ project|waiting_row }}``
(the projects waiting for a panel) and ``{{ members|member_rows:panel.chair_id }}`` (its
members)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from apps.common.templatetags.rows import clip, row_link, second
from apps.common.templatetags.scoring import assignment_lines, recusal_controls, score_total, status_tag
from apps.common.widgets import escape

register = template.Library()


@register.filter
def audit_row(event, audit_url):
    """The table row of ``event`` (a row of selectors.audit_event_rows): time, actor (the
    system when none), action, the project's title cut to 18 characters and linked to its
    trail at ``audit_url``, the expert and the message, escaped as the template escaped them.
    Written in Python, not as a template row: the audit page shows a hundred of them, the
    expert's page fifty, and the template's seven cells took about 45 µs a row."""
    if event["project_id"]:
        project = f'<a href="{escape(audit_url)}?project={int(event["project_id"])}">{escape(clip(event["project__title"], 18))}</a>'
    else:
        project = "—"
    return mark_safe(
        f'<tr><td class="nowrap">{second(template_localtime(event["created_at"]))}</td>'
        f"<td>{escape(event['actor_name'] or '系统')}</td>"
        f"<td>{escape(event['action_label'])}</td>"
        f"<td>{project}</td>"
        f"<td>{escape(event['expert__name'] or '—')}</td>"
        f"<td>{escape(event['message'])}</td></tr>"
    )


@register.filter
def assignment_row(assignment):
    """The table row of ``assignment`` (a row of selectors.expert_page's assignments): the project's
    title, the panel, the scoring status's tag and the total, linked to the score when the
    row has a ``score_url`` (a blank or zero total shows as —)."""
    if assignment.get("score_url"):
        total = assignment["score__total"]
        score = f'<a href="{escape(assignment["score_url"])}">{score_total(total)}</a>'
    else:
        score = "—"
    return mark_safe(
        f"<tr><td>{escape(assignment['project__title'])}</td><td>{escape(assignment['panel__name'])}</td>"
        f'<td>{status_tag(assignment["scoring_status"])}</td><td class="num">{score}</td></tr>'
    )


@register.simple_tag(takes_context=True)
def progress_row(context, row, page, scorers, operate, is_open):
    """``{% progress_row row page scorers operate is_open %}``: the panel screen's progress row
    of ``row`` (a row of selectors.panel_progress with its ``scores_url``): the project linked
    to its scores, its number and organisation, a line for each assignment, the submitted and
    active counts and, when the agency may operate (``operate``) on an open panel, the
    top-up and recusal controls (recusal_controls, sending ``page`` back). Written in Python:
    a page shows 25 projects, and the template's row took longer than the table's queries."""
    controls = f"\n{recusal_controls(context, row, page, scorers)}" if operate and is_open else ""
    return mark_safe(
        f'<tr><td><a href="{escape(row["scores_url"])}">{escape(row["title"])}</a><div class="muted">{escape(row["number"])}</div></td>'
        f"<td>{escape(row['organization_name'])}</td><td>{assignment_lines(row['assignments'])}</td>"
        f'<td class="num">{escape(row["done"])} / {escape(row["n"])}{controls}</td></tr>'
    )


@register.filter
def waiting_row(project, specialty):
    """``{{ project|waiting_row:panel.specialty }}``: the row of a project waiting for a panel
    (a row of selectors.unassigned_project_rows with its ``industry_label`` and ``matches``)
    as the agency ticks it for the panel: its checkbox labelled by its title, marked 本组专业
    when the panel has a ``specialty`` and the project matches it, its organisation and
    industry."""
    key = escape(project["pk"])
    pill = ' <span class="pill">本组专业</span>' if project["matches"] and specialty else ""
    return mark_safe(
        f'<tr><td><input type="checkbox" name="project" value="{key}" id="proj-{key}"></td>'
        f'<td><label for="proj-{key}" class="plain m-0">{escape(project["title"])}</label>{pill}</td>'
        f"<td>{escape(project['organization__name'])}</td><td>{escape(project['industry_label'])}</td></tr>"
    )


@register.filter
def member_rows(members, chair_id):
    """``{{ members|member_rows:panel.chair_id }}``: the panel screen's rows of its ``members``
    (rows of selectors.panel_members): the name linked to the expert's page, marked 组长 for
    the chair (``chair_id``) and with the status's tag while the expert is not active, the
    employer, the specialties, this year's active assignments and the scores submitted in the
    panel. Written in Python: the template's row, with its link, tests and five cells, took
    longer than reading the members."""
    expert_link = row_link("experts:expert_detail")
    rows = []
    for member in members:
        chair = ' <span class="pill">组长</span>' if member["pk"] == chair_id else ""
        status = "" if member["is_active"] else f' <span class="status-tag recused">{escape(member["status_label"])}</span>'
        rows.append(
            f'<tr><td><a href="{escape(expert_link(member["pk"]))}">{escape(member["name"])}</a>{chair}{status}</td>'
            f"<td>{escape(member['employer_name'])}</td><td>{escape(member['specialties_label'])}</td>"
            f'<td class="num">{escape(member["load"])}</td><td class="num">{escape(member["done"])}</td></tr>'
        )
    return mark_safe("".join(rows))
