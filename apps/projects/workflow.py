"""Introspection of the state machine: the transitions as the code declares them."""

import re
from dataclasses import dataclass
from functools import cache

from .models import Project
from .states import State


# What the public page says about who acts and on which condition (the names are the code's).
WHO = {
    "applicant_of_project": "申报组织",
    "recommender_of_project": "项目所属推荐单位",
    "commission": "市市场监管委",
    "programme_staff": "市市场监管委或第三方机构",
    "returner": "推荐单位（待推荐时）或市市场监管委（待立项审核时）",
}
CONDITIONS = {
    "campaign_published": "年度工作方案已发布（第八条）",
    "application_window_open": "在申报期内（第八条、第九条）",
    "not_banned": "不在限制申报期内（第二十一条）",
    "application_complete": "申报材料完整，PDCA各部分有实际内容，效益指标目标值优于现状值（第七条、第九条）",
    "recommender_covers_applicant": "所选推荐单位的推荐范围包括申报组织：所在区、主管行业或所属集团、协会（第六条、第九条）",
    "not_with_another_unit": "同一项目未提交至其他推荐单位（第九条）",
    "recommendation_window_open": "推荐截止日期前（第十条）",
    "unit_covers_applicant": "申报组织在本推荐单位的推荐范围内（第六条、第十条）",
    "unit_covers_results": "申报组织在本推荐单位的推荐范围内（第六条、第十五条）",
    "application_verified": "推荐单位已核查本次申报材料，核查清单逐项确认（第十条）",
    "approval_window_open": "立项审核截止日期前（第十一条）",
    "similarity_acknowledged": "查重完成，相似时推荐单位已确认知悉（第七条(四)）",
    "similarity_cleared": "查重完成，相似时已认定不雷同或延续项目（第七条(四)）",
    "results_window_open": "成果材料提交截止日期前（第十四条）",
    "results_not_banned": "不在限制申报期内（第二十一条）",
    "results_complete": "成果材料完整（第十四条）",
    "results_recommendation_window_open": "成果推荐截止日期前（第十五条）",
    "results_verified": "推荐单位已评估本次成果材料，核查清单逐项确认（第十五条）",
    "level_within_quota": "该奖项等级名额未满（第四条）",
    "notice_period_over": "公示期已满（第十七条）",
    "review_window_open": "评审截止日期前（第十六条）",
    "experts_assigned": "已抽取分配评审专家（第十六条）",
    "review_complete": "评分全部提交且评审组已结束（第十六条）",
    "organization_banned": "该组织的奖项已被撤销、在限制申报期内（第二十一条）",
}


@dataclass(frozen=True)
class Edge:
    name: str
    source: str
    target: str
    label: str
    article: str
    comment_required: bool
    style: str
    conditions: tuple
    permission: str
    # What it needs beyond a comment (Chinese, with the article), and the arguments the
    # transition door insists on; empty for a transition the action URL may fire.
    needs: str = ""
    requires: tuple = ()

    @property
    def via_action_url(self):
        """The generic action URL fires only transitions that need nothing but a comment."""
        return not self.needs

    @property
    def source_label(self):
        return State(self.source).label

    @property
    def target_label(self):
        return State(self.target).label

    @property
    def who(self):
        return WHO.get(self.permission, self.permission)

    @property
    def condition_labels(self):
        return [CONDITIONS.get(name, name) for name in self.conditions]


def edges() -> list[Edge]:
    return list(_edges())


@cache
def _edges() -> tuple[Edge, ...]:
    # Built once: the transitions are declared in the code. A project page asks for the
    # metadata of each transition it offers, and rebuilding and sorting every edge each time
    # cost a few milliseconds a page.
    field = Project._meta.get_field("state")
    result = []
    for t in field.get_all_transitions(Project):
        result.append(
            Edge(
                name=t.name,
                source=t.source,
                target=t.target,
                label=t.custom.get("label", t.name),
                article=t.custom.get("article", ""),
                comment_required=t.custom.get("comment_required", False),
                style=t.custom.get("style", "primary"),
                conditions=tuple(c.__name__ for c in t.conditions),
                permission=getattr(t.permission, "__name__", str(t.permission)),
                needs=t.custom.get("needs", ""),
                requires=tuple(t.custom.get("requires", ())),
            )
        )
    order = {value: i for i, value in enumerate(State.values)}
    return tuple(sorted(result, key=lambda e: (order[e.source], e.name)))


@cache
def _first_edge_of() -> dict[str, Edge]:
    first = {}
    for edge in _edges():
        first.setdefault(edge.name, edge)
    return first


def transition_meta(name: str) -> Edge:
    return _first_edge_of()[name]


TRANSITION_NAMES = frozenset(e.name for e in edges())


def dot() -> str:
    """The state diagram in Graphviz DOT, drawn from the code."""
    lines = [
        "digraph lifecycle {",
        '  graph [rankdir=TB, nodesep=0.3, ranksep=0.35, fontname="WenQuanYi Micro Hei", bgcolor="transparent"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef4fb", fontname="WenQuanYi Micro Hei", fontsize=11];',
        '  edge [fontname="WenQuanYi Micro Hei", fontsize=9];',
    ]
    for state in State:
        lines.append(f'  {state.value} [label="{state.label}"];')
    for e in edges():
        lines.append(f'  {e.source} -> {e.target} [label="{e.label}\\n{e.article}"];')
    lines.append("}")
    return "\n".join(lines)


def svg() -> str | None:
    """Render the diagram to SVG with Graphviz, or None where ``dot`` is not installed."""
    import shutil
    import subprocess

    if not shutil.which("dot"):
        return None
    out = subprocess.run(["dot", "-Tsvg"], input=dot().encode(), capture_output=True, timeout=30, check=True)
    # Graphviz names each node and edge by its code name in <title> (a hover tooltip) and comments.
    drawing = re.sub(r"<title>.*?</title>|<!--.*?-->", "", out.stdout.decode(), flags=re.S)
    # Sized by the page (its viewBox kept): the drawing scales down to the width available.
    drawing = re.sub(r'<svg width="[^"]*" height="[^"]*"', '<svg role="img" aria-label="项目状态流转图"', drawing, count=1)
    return drawing
