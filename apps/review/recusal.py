"""第二十二条: who must not score which project — decided before assignment and again whenever a
conflict is recorded later (:func:`apps.review.services.live.enforce_recusal`).

An expert is kept off a project when
- the expert's employer is the applicant (same credit code; or the same name once full-width
  forms, spaces, a trailing department or branch and the legal-form words such as
  有限公司/集团/股份 are stripped: :func:`normalise_name`);
- the employer and the applicant belong to the same 工业集团 (a recommender unit of kind
  industrial_group lists both as member enterprises, or the project's recommender is an
  工业集团 the employer belongs to);
- the expert is on the project's team (same name and, where both have one, the same phone:
  :meth:`RecusalIndex.on_team`);
- the expert gave the project tracking guidance (第十三条 visits recorded in apps.training);
- the expert declared a conflict with the applicant.

:class:`RecusalIndex` loads everything needed for many experts × many projects in a fixed
number of queries, so a draw over a whole campaign stays fast."""

import re
import unicodedata
from collections import defaultdict

from django.apps import apps as django_apps

from apps.recommenders.models import RecommenderKind

ARTICLE = "第二十二条"

# Legal-form words at the end of a name that do not distinguish one enterprise from another
# (longest first, stripped repeatedly from the end: 天津渤海装备集团有限公司 → 天津渤海装备).
_LEGAL_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "集团股份公司",
    "有限公司",
    "集团公司",
    "股份公司",
    "总公司",
    "分公司",
    "公司",
    "集团",
    "股份",
    "有限",
)
# A department or branch written after the enterprise's name (天津某某有限公司质量部,
# 某某集团天津分公司): everything after the last legal-form word is dropped when it ends in
# one of these; without a legal-form word, only these words themselves are stripped.
_UNIT_ENDINGS = ("分公司", "分厂", "事业部", "部门", "办事处", "研究院", "研究所", "中心", "车间", "部", "处", "科", "室")
_UNIT_WORDS = (
    "质量管理部",
    "质量部",
    "品质部",
    "技术部",
    "研发部",
    "生产部",
    "事业部",
    "部门",
    "办公室",
    "车间",
    "分厂",
)
_PUNCT = re.compile(r"[\s\(\)（）\[\]【】·•\.,，、\-—_/]")


def normalise_name(name: str) -> str:
    """An enterprise name compared without full-width forms, spaces, brackets, a trailing
    department or branch, and trailing legal-form words. ``天津滨海精密制造厂`` and
    ``天津滨海精密制造厂有限公司质量部`` both become ``天津滨海精密制造厂``."""
    text = _PUNCT.sub("", unicodedata.normalize("NFKC", name or "")).lower()
    # Cut a department or branch written after the last legal-form word.
    masked = text.replace("分公司", "\0\0\0")  # a branch is the tail, not the legal form
    last = max(((masked.rfind(w), w) for w in _LEGAL_FORMS if w in masked), default=(-1, ""))
    if last[0] > 0:
        tail = text[last[0] + len(last[1]) :]
        if tail and tail.endswith(_UNIT_ENDINGS):
            text = text[: last[0] + len(last[1])]
    changed = True
    while changed and text:
        changed = False
        for word in (*_UNIT_WORDS, *_LEGAL_FORMS):
            if text.endswith(word) and len(text) > len(word):
                text = text[: -len(word)]
                changed = True
                break
    return text


def normalise_person(name: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", name or ""))


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", phone or ""))
    return digits[-11:]  # +86 138… and 138… are one number


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
            name = normalise_person(re.sub(r"[（(].*?[）)]", "", unicodedata.normalize("NFKC", name)))
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

        # Team members: {project id: {normalised name: {phone digits, "" when none}}}.
        self.team = defaultdict(lambda: defaultdict(set))
        for project_id, name, phone in TeamMember.objects.filter(project_id__in=project_ids).values_list(
            "project_id", "name", "phone"
        ):
            self.team[project_id][normalise_person(name)].add(_digits(phone))

        from .models import Conflict

        self.declared = {}
        for expert_id, org_id, reason in Conflict.objects.filter(expert_id__in=list(self.experts)).values_list(
            "expert_id", "organization_id", "reason"
        ):
            self.declared[(expert_id, org_id)] = reason

        self.visits, self.visit_names = _tracking_visits(project_ids)

    def on_team(self, expert, project):
        """Team membership (第二十二条): the same name (spaces and full-width forms ignored) AND,
        when both the expert and the team member have a phone number, the same number. Without a
        number on either side the name alone decides: recusal errs on the side of caution. A
        namesake whose number differs is another person. (A team member from the expert's own
        employer is caught by the employer rule already.)"""
        name = normalise_person(expert.name)
        phones = self.team.get(project.pk, {}).get(name) if name else None
        if not phones:
            return False
        own = _digits(expert.phone)
        return not own or "" in phones or own in phones

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
        if self.on_team(expert, project):
            found.append(f"本人列于该项目团队成员名单（{ARTICLE}）")
        if (expert.user_id, project.pk) in self.visits or (
            normalise_person(expert.name) and normalise_person(expert.name) in self.visit_names.get(project.pk, set())
        ):
            found.append(f"本人曾对该项目进行跟踪指导（第十三条、{ARTICLE}）")
        declared = self.declared.get((expert.pk, project.organization_id))
        if declared is not None:
            found.append(f"已申报利益冲突：{declared}（{ARTICLE}）")
        return found


def recusal_reasons(expert, project):
    """The reasons for one pair (loads its own index)."""
    return RecusalIndex([expert], [project]).reasons(expert, project)
