"""Introspection of the state machine: the transitions as the code declares them."""

from dataclasses import dataclass

from .models import Project
from .states import State


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


def edges() -> list[Edge]:
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
            )
        )
    return sorted(result, key=lambda e: (list(State.values).index(e.source), e.name))


def transition_meta(name: str) -> Edge:
    for edge in edges():
        if edge.name == name:
            return edge
    raise KeyError(name)


TRANSITION_NAMES = frozenset(e.name for e in edges())


def dot() -> str:
    """The state diagram in Graphviz DOT, drawn from the code."""
    lines = [
        "digraph lifecycle {",
        '  graph [rankdir=LR, fontname="WenQuanYi Micro Hei", bgcolor="transparent"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef4fb", fontname="WenQuanYi Micro Hei", fontsize=11];',
        '  edge [fontname="WenQuanYi Micro Hei", fontsize=9];',
    ]
    for state in State:
        lines.append(f'  {state.value} [label="{state.label}\\n{state.value}"];')
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
    return out.stdout.decode()
