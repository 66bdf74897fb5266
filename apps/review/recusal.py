"""第二十二条: who must not score which project — decided before assignment.

An expert is kept off a project when
- the expert's employer is the applicant (same credit code; or the same name once the legal-form
  words such as 有限公司/集团/股份 are stripped);
- the employer and the applicant belong to the same 工业集团 (a recommender unit of kind
  industrial_group lists both as member enterprises, or the project's recommender is an
  工业集团 the employer belongs to);
- the expert is on the project's team;
- the expert gave the project tracking guidance (第十三条 visits recorded in apps.training);
- the expert declared a conflict with the applicant.

:class:`RecusalIndex` loads everything needed for many experts × many projects in a fixed
number of queries, so a draw over a whole campaign stays fast."""

import re
from collections import defaultdict

from django.apps import apps as django_apps

from apps.recommenders.models import RecommenderKind

ARTICLE = "第二十二条"

# Legal-form words that do not distinguish one enterprise from another (longest first).
_NAME_NOISE = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "集团公司",
    "集团",
    "股份",
    "有限",
    "公司",
    "总公司",
    "分公司",
)
_PUNCT = re.compile(r"[\s\(\)（）·\.,，、\-—]")


def normalise_name(name: str) -> str:
    """Compare names after stripping legal-form words, brackets and spaces."""
    text = _PUNCT.sub("", name or "")
    for word in _NAME_NOISE:
        text = text.replace(word, "")
    return text


_SPLIT = re.compile(r"[\s、,，;；/]+")


def _tracking_visits(project_ids):
    """第十三条 tracking visits of ``project_ids`` (apps.training.TrackingVisit): the users who
    recorded them and the names listed as participants. Returns (set of (user id, project id),
    {project id: {names}}); both empty when the training app records no visits."""
    try:
        model = django_apps.get_model("training", "TrackingVisit")
    except LookupError:
        return set(), {}
    fields = {f.name for f in model._meta.get_fields()}
    users, names = set(), defaultdict(set)
    columns = ["project_id"] + [c for c in ("recorded_by_id", "participants") if c.removesuffix("_id") in fields]
    for row in model.objects.filter(project_id__in=project_ids).values_list(*columns):
        values = dict(zip(columns, row))
        if values.get("recorded_by_id"):
            users.add((values["recorded_by_id"], values["project_id"]))
        for name in _SPLIT.split(values.get("participants") or ""):
            # "张教授（专家）" → "张教授"
            name = re.sub(r"[（(].*?[）)]", "", name).strip()
            if name:
                names[values["project_id"]].add(name)
    return users, names


class RecusalIndex:
    """Everything :func:`reasons` needs, loaded once for ``experts`` × ``projects``."""

    def __init__(self, experts, projects):
        from apps.organizations.models import Organization
        from apps.projects.models import TeamMember
        from apps.recommenders.models import RecommenderUnit

        self.experts = {e.pk: e for e in experts}
        self.projects = {p.pk: p for p in projects}
        project_ids = list(self.projects)

        # Each expert's employer as an Organization, by credit code or by stripped name.
        names = {normalise_name(e.employer_name) for e in self.experts.values() if e.employer_name}
        names.discard("")
        by_code, by_name = {}, defaultdict(set)
        orgs = list(Organization.objects.only("pk", "name", "credit_code"))
        for org in orgs:
            by_code[org.credit_code] = org.pk
            by_name[normalise_name(org.name)].add(org.pk)
        self.employer_orgs = {}
        for e in self.experts.values():
            ids = set()
            code = (e.employer_credit_code or "").strip().upper()
            if code and code in by_code:
                ids.add(by_code[code])
            key = normalise_name(e.employer_name)
            if key and key in names:
                ids |= by_name.get(key, set())
            self.employer_orgs[e.pk] = ids

        # 工业集团 membership: organisation id → {group unit id}.
        through = RecommenderUnit.member_organizations.through
        self.groups_of = defaultdict(set)
        self.group_names = {}
        for unit_id, org_id, unit_name in through.objects.filter(
            recommenderunit__kind=RecommenderKind.INDUSTRIAL_GROUP
        ).values_list("recommenderunit_id", "organization_id", "recommenderunit__name"):
            self.groups_of[org_id].add(unit_id)
            self.group_names[unit_id] = unit_name

        self.team_names = defaultdict(set)
        for project_id, name in TeamMember.objects.filter(project_id__in=project_ids).values_list("project_id", "name"):
            self.team_names[project_id].add(name.strip())

        from .models import Conflict

        self.declared = {}
        for expert_id, org_id, reason in Conflict.objects.filter(expert_id__in=list(self.experts)).values_list(
            "expert_id", "organization_id", "reason"
        ):
            self.declared[(expert_id, org_id)] = reason

        self.visits, self.visit_names = _tracking_visits(project_ids)

    def reasons(self, expert, project):
        """Why ``expert`` must not score ``project`` (empty list: no conflict)."""
        found = []
        org = project.organization
        employer_ids = self.employer_orgs.get(expert.pk, set())
        code = (expert.employer_credit_code or "").strip().upper()
        if (code and code == org.credit_code) or project.organization_id in employer_ids or (
            normalise_name(expert.employer_name) and normalise_name(expert.employer_name) == normalise_name(org.name)
        ):
            found.append(f"本人工作单位即申报组织“{org.name}”（{ARTICLE}）")
        else:
            shared = set()
            for employer_id in employer_ids:
                shared |= self.groups_of.get(employer_id, set()) & self.groups_of.get(project.organization_id, set())
                if (
                    project.recommender_id
                    and project.recommender_id in self.groups_of.get(employer_id, set())
                    and project.recommender_id not in shared
                ):
                    shared.add(project.recommender_id)
            # The expert works for the group itself (its head office).
            employer_key = normalise_name(expert.employer_name)
            if employer_key:
                applicant_groups = set(self.groups_of.get(project.organization_id, set()))
                if project.recommender_id and getattr(project.recommender, "kind", None) == RecommenderKind.INDUSTRIAL_GROUP:
                    applicant_groups.add(project.recommender_id)
                    self.group_names.setdefault(project.recommender_id, project.recommender.name)
                for unit_id in applicant_groups:
                    if normalise_name(self.group_names.get(unit_id, "")) == employer_key:
                        shared.add(unit_id)
            for unit_id in sorted(shared):
                found.append(f"工作单位与申报组织同属工业集团“{self.group_names.get(unit_id, unit_id)}”（{ARTICLE}）")
        if expert.name.strip() and expert.name.strip() in self.team_names.get(project.pk, set()):
            found.append(f"本人列于该项目团队成员名单（{ARTICLE}）")
        if (expert.user_id, project.pk) in self.visits or (
            expert.name.strip() and expert.name.strip() in self.visit_names.get(project.pk, set())
        ):
            found.append(f"本人曾对该项目进行跟踪指导（第十三条、{ARTICLE}）")
        declared = self.declared.get((expert.pk, project.organization_id))
        if declared is not None:
            found.append(f"已申报利益冲突：{declared}（{ARTICLE}）")
        return found


def recusal_reasons(expert, project):
    """The reasons for one pair (loads its own index)."""
    return RecusalIndex([expert], [project]).reasons(expert, project)
