"""Demo: a training session with attendance (第十二条) and tracking visits (第十三条) on the demo
projects that are in the published plan."""

import datetime

from django.utils import timezone

from apps.projects.choices import TeamRole

from .models import VisitForm
from .selectors import TRAINABLE_STATES
from .services import create_session, record_visit, register_attendance


def seed(ctx):
    campaign, staff = ctx["campaign"], ctx["agency"]
    today = timezone.localdate()
    in_plan = [p for p in ctx.get("projects", []) if p.state in TRAINABLE_STATES]
    if not in_plan:
        return
    first = create_session(
        campaign=campaign,
        topic="质量攻关方法与QC工具应用培训",
        held_on=today - datetime.timedelta(days=10),
        place="天津市市场监督管理委员会三楼会议室",
        notes="讲授PDCA循环、鱼骨图、排列图、控制图等质量管理工具的应用，解读《天津市质量攻关管理办法》。",
        actor=staff,
    )
    create_session(
        campaign=campaign,
        topic="质量攻关成果总结与发表培训",
        held_on=today + datetime.timedelta(days=20),
        place="天津市质量协会培训中心",
        notes="成果报告编写要求、效果检查与经济效益计算方法（第十四条）。",
        actor=staff,
    )
    members = [m for p in in_plan for m in p.team_members.all()]
    # Most teams came; the last project's technical staff did not.
    present = [m.pk for m in members if not (m.project_id == in_plan[-1].pk and m.role == TeamRole.TECHNICAL)]
    register_attendance(
        session=first, shown_member_ids=[m.pk for m in members], present_member_ids=present, actor=staff
    )
    guidance = [
        (
            VisitForm.ON_SITE,
            "对策实施已完成第一阶段，正交试验确定了最优工艺参数；设备点检制度尚未覆盖全部关键设备。",
            "建议将点检制度扩展至全部关键工序设备，并按月统计效果数据，为成果材料准备对比数据。",
        ),
        (
            VisitForm.REMOTE,
            "视频连线了解进度，检验规程修订稿已完成，培训计划已制定。",
            "请在下月底前完成全员培训并保留记录；效果检查期不少于三个月。",
        ),
    ]
    for i, project in enumerate(in_plan[:4]):
        user = ctx["recommender_users"][project.recommender.kind]
        form, findings, advice = guidance[i % 2]
        record_visit(
            project=project,
            actor=user,
            visited_on=today - datetime.timedelta(days=5 + i),
            form=form,
            participants=f"{user.full_name or user.username}等2人",
            findings=findings,
            guidance=advice,
        )
