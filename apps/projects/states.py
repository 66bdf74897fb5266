from django.db import models


class State(models.TextChoices):
    """The one lifecycle of DESIGN.md §2; the labels are what users see."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待推荐单位审核"
    RETURNED = "returned", "退回修改"
    WITHDRAWN = "withdrawn", "已撤回"
    RECOMMENDED = "recommended", "已推荐，待立项审核"
    NOT_RECOMMENDED = "not_recommended", "未获推荐"
    APPROVED = "approved", "立项审核通过"
    REJECTED = "rejected", "立项未通过"
    IN_PROGRESS = "in_progress", "实施中（已列入项目计划）"
    RESULTS_SUBMITTED = "results_submitted", "成果待推荐单位评估"
    RESULTS_RECOMMENDED = "results_recommended", "成果已推荐"
    RESULTS_NOT_RECOMMENDED = "results_not_recommended", "成果未获推荐"
    UNDER_REVIEW = "under_review", "评审中"
    REVIEWED = "reviewed", "评审完成"
    PUBLICIZED = "publicized", "公示中"
    AWARDED = "awarded", "获奖"
    NOT_AWARDED = "not_awarded", "未获奖"
    REVOKED = "revoked", "奖项已撤销"
    HALTED = "halted", "已终止（第二十一条）"


class AwardLevel(models.TextChoices):
    """第四条: the three levels of 优秀成果."""

    FIRST = "first", "一等奖"
    SECOND = "second", "二等奖"
    THIRD = "third", "三等奖"


# States in which the applicant may still edit the application.
EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})
# States in which the applicant edits the results material (第十四条).
RESULTS_EDITABLE_STATES = frozenset({State.IN_PROGRESS})
# The stamped scan of the printed 申报书 / 成果材料 is uploaded while the material is edited and
# until the recommending unit decides on it (第十条, 第十五条): what the unit verifies stays fixed.
STAMPABLE_APPLICATION_STATES = EDITABLE_STATES | {State.SUBMITTED}
STAMPABLE_RESULTS_STATES = RESULTS_EDITABLE_STATES | {State.RESULTS_SUBMITTED}
# 第二十一条: an organisation's projects still under way, halted when one of its awards is
# revoked. A draft was never submitted (the ban already stops its submission); a final
# outcome (awarded, not awarded, rejected…) is not under way.
RUNNING_STATES = frozenset(
    {
        State.SUBMITTED,
        State.RETURNED,
        State.RECOMMENDED,
        State.APPROVED,
        State.IN_PROGRESS,
        State.RESULTS_SUBMITTED,
        State.RESULTS_RECOMMENDED,
        State.UNDER_REVIEW,
        State.REVIEWED,
        State.PUBLICIZED,
    }
)
# States in which a project is routed to its recommender unit (it sees the project).
ROUTED_STATES = frozenset(set(State) - {State.DRAFT, State.WITHDRAWN})
# 第十六条: from the panel on; the rubric is fixed once a project is here.
REVIEW_STARTED_STATES = frozenset(
    {State.UNDER_REVIEW, State.REVIEWED, State.PUBLICIZED, State.AWARDED, State.NOT_AWARDED, State.REVOKED}
)
# 第十五条: results recommended to the commission, and every later state.
RESULTS_RECOMMENDED_STATES = frozenset({State.RESULTS_RECOMMENDED}) | REVIEW_STARTED_STATES
# 第十一条: the published project plan holds the projects that entered it and every later state.
PLAN_STATES = frozenset({State.IN_PROGRESS, State.RESULTS_SUBMITTED, State.RESULTS_NOT_RECOMMENDED}) | RESULTS_RECOMMENDED_STATES
