"""Signal receivers: every transition and every expert assignment becomes notifications.

notifications listens; no other app imports it (STYLE.md habit 4)."""

from django.urls import NoReverseMatch, reverse

from apps.projects.states import State

from . import recipients
from .models import Category
from .services import notify, release

# The outbox: the notification of a decision waits for the publication that makes it public.
# approve/reject (立项审核, 第十一条) until the project plan is published; publicize until the
# notice of the list is published; award/not_award until the list is announced (第十七条).
HELD_UNTIL = {
    "approve": "plan",
    "reject": "plan",
    "publicize": "notice",
    "award": "announcement",
    "not_award": "announcement",
}


def release_key(publication, campaign_id):
    return f"{publication}:{campaign_id}"


def _project_link(project):
    try:
        return reverse("projects:detail", args=[project.pk])
    except NoReverseMatch:
        return ""


def on_project_transitioned(sender, project, transition, from_state, to_state, actor=None, comment="", log=None, **kw):
    to_label = State(to_state).label
    title = f"项目“{project.title}”：{to_label}"
    lines = [
        f"项目编号：{project.number}",
        f"申报组织：{project.organization.name}",
        f"状态变化：{State(from_state).label} → {to_label}",
    ]
    if comment:
        lines.append(f"意见或理由：{comment}")
    if to_state == State.PUBLICIZED and project.notice_ends_on:
        lines.append(f"公示期至{project.notice_ends_on:%Y-%m-%d}止（第十七条）。")
    notify(
        recipients=recipients.for_transition(project, to_state, actor),
        category=Category.TRANSITION,
        title=title,
        body="\n".join(lines),
        link=_project_link(project),
        project=project,
        held_until=release_key(HELD_UNTIL[transition], project.campaign_id) if transition in HELD_UNTIL else "",
    )


def on_plan_published(sender, campaign, **kw):
    """第十一条: the project plan is public; the 立项审核 decisions may now be told."""
    release(release_key("plan", campaign.pk))


def on_notice_published(sender, award_list, **kw):
    """第十七条: the list is under public notice; the organisations on it may now be told."""
    release(release_key("notice", award_list.campaign_id))


def on_expert_assigned(sender, assignment=None, expert_user=None, project=None, **kw):
    if expert_user is None:
        return
    try:
        link = reverse("experts:review", args=[assignment.pk]) if assignment is not None else ""
    except NoReverseMatch:
        link = ""
    title = "您有新的成果评审任务"
    body = "\n".join(
        [
            f"项目：{project.title}（{project.number}）" if project is not None else "",
            "请登录平台，先申报是否存在利益关系（第二十二条），再按评分标准独立评分（第二十三条）。",
        ]
    ).strip()
    notify(recipients=[expert_user], category=Category.ASSIGNMENT, title=title, body=body, link=link, project=project)


def on_score_reopened(sender, assignment, expert_user, project, reason="", **kw):
    """The expert learns that a submitted score was returned, and why."""
    notify(
        recipients=[expert_user],
        category=Category.REVIEW,
        title=f"评分已退回修改：{project.title}",
        body=f"项目：{project.title}（{project.number}）\n退回理由：{reason}\n请修改后重新提交评分。",
        link=_safe_reverse("experts:review", assignment.pk),
        project=project,
    )


def on_expert_recused(sender, assignment, expert_user, project, reason="", **kw):
    """第二十二条: the expert learns that the agency recorded a recusal on their behalf, and why."""
    notify(
        recipients=[expert_user],
        category=Category.ASSIGNMENT,
        title=f"已代为回避：{project.title}",
        body=(
            f"项目：{project.title}（{project.number}）\n"
            f"第三方机构已为您登记回避该项目（第二十二条），您不再评审该项目。\n回避理由：{reason}"
        ),
        link=_safe_reverse("experts:my_reviews"),
        project=project,
    )


def on_recusal_gap(sender, assignment, project, reason="", why="", **kw):
    """第二十二条: a recusal left a project without a replacement scorer; the agency acts (a top-up
    draw while the review is open, otherwise a decision on the gap), and the expert is told."""
    from apps.accounts.roles import Role

    notify(
        recipients=list(recipients.staff_users(Role.AGENCY)),
        category=Category.ASSIGNMENT,
        title=f"评审缺额待处理：{project.title}",
        body=(
            f"项目：{project.title}（{project.number}）\n"
            f"{assignment.expert.name}已回避（第二十二条）：{reason}\n"
            f"未能补抽：{why}。请补充评审组成员后补抽，或报市市场监管委处理。"
        ),
        link=_safe_reverse("experts:panel_detail", assignment.panel_id),
        project=project,
        dedupe_key=f"recusal-gap:{assignment.pk}",
    )


def on_objection_lodged(sender, objection, **kw):
    """Staff learn at once that an objection waits (第十七条); the organisation is not told who."""
    from apps.accounts.roles import Role

    project = objection.project
    notify(
        recipients=list(recipients.staff_users(Role.COMMISSION, Role.AGENCY)),
        category=Category.OBJECTION,
        title=f"收到公示异议：{project.title}",
        body=f"受理编号：{objection.receipt_code}\n异议项目：{project.title}（{project.organization.name}）\n请组织调查核实（第十七条）。",
        link=_safe_reverse("awards:objection", objection.pk),
        project=project,
    )


def on_list_announced(sender, award_list, best_organizations=(), **kw):
    """The units given the best-organisation award hear of it (their projects' organisations
    hear of theirs through the award transitions)."""
    # 第十七条: the list is announced; the award decisions may now be told.
    release(release_key("announcement", award_list.campaign_id))
    year = award_list.campaign.year
    for award in best_organizations:
        notify(
            recipients=list(recipients.recommender_users(award.recommender_id)),
            category=Category.AWARD,
            title=f"贵单位荣获{year}年度天津市质量攻关最佳组织奖",
            body="获奖名单已公布（第十七条）。证书生成后可在“获奖与证书”中下载。",
            link=_safe_reverse("awards:mine"),
        )


def on_certificate_issued(sender, certificate, **kw):
    """The award holder hears that its certificate can be downloaded."""
    if certificate.kind == "project":
        people = recipients.applicant_users(certificate.project)
    else:
        people = recipients.recommender_users(certificate.best_organization.recommender_id)
    notify(
        recipients=list(people),
        category=Category.AWARD,
        title=f"获奖证书已生成：{certificate.serial}",
        body=f"{certificate.campaign.year}年度{certificate.level_label}：{certificate.title or certificate.holder}。\n证书验证码：{certificate.code}，任何人可在平台“证书查验”中核验真伪。",
        link=_safe_reverse("awards:mine"),
        project=certificate.project if certificate.kind == "project" else None,
    )


def _safe_reverse(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def on_proposal_gap(sender, campaign, project, message="", recomputed=False, **kw):
    """第二十二条: a recusal after the review closed. The commission decides the list, so it is
    told that the proposal was recomputed, or — the list already decided — that the gap is its
    to handle; the agency, which organises the review, is told too."""
    from apps.accounts.roles import Role

    title = f"评审建议名单已重新计算：{project.title}" if recomputed else f"评审缺额待市市场监管委处理：{project.title}"
    notify(
        recipients=list(recipients.staff_users(Role.COMMISSION, Role.AGENCY)),
        category=Category.ASSIGNMENT,
        title=title,
        body=f"项目：{project.title}（{project.number}）\n{message}",
        link=_safe_reverse("experts:results"),
        project=project,
    )
