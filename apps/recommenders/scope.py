"""第六条: which organisations a recommending unit recommends (its scope), as data.

- a 区市场监督管理部门: the organisations of its district (``Organization.scope_district``:
  the credit code's district, or a stated district its bureau has confirmed);
- a 市级行业主管部门: the organisations of the industries it governs (``RecommenderUnit.industries``);
- a 工业集团 or 行业协会: its member organisations (``RecommenderUnit.member_organizations``).

Used by the transition rules (apps/projects/rules.py, 第九条 and 第十条) and by the applicant's
choice of unit; the rules decide.
"""

from django.db.models import BooleanField, Case, CharField, Exists, Expression, F, OuterRef, Q, When
from django.db.models.functions import Coalesce, Substr
from django.db.models.lookups import Exact

from apps.core.json_lists import ListHas, MappedText
from apps.organizations.districts import DIVISION_DISTRICTS

from .models import RecommenderKind, RecommenderUnit

MEMBER_KINDS = (RecommenderKind.INDUSTRIAL_GROUP, RecommenderKind.ASSOCIATION)


def covers(unit, organization) -> bool:
    """第六条: ``unit`` recommends ``organization``."""
    if unit is None or organization is None:
        return False
    if unit.kind == RecommenderKind.DISTRICT_AMR:
        return bool(unit.district) and unit.district == organization.scope_district
    if unit.kind == RecommenderKind.INDUSTRY_DEPARTMENT:
        return organization.industry in (unit.industries or [])
    if unit.kind in MEMBER_KINDS:
        return unit.member_organizations.filter(pk=organization.pk).exists()
    return False


NOTHING = Q(pk__in=[])


class DistrictScope(Expression):
    """第六条 for a district bureau: the organisation (its fields behind ``prefix``) counts for
    ``district`` when its stated district is ``district`` and the bureau has confirmed it, the
    credit code's division digits (3–8) name the same district, or they name none known; or
    when the code names ``district`` and another district is stated unconfirmed.

    One condition with the SQL of the Q it stands for (the same text, so the same plan and the
    same indexes, organization 0007), resolved and compiled once per query: as eight Q leaves
    its joins were resolved and its lists prepared leaf by leaf, which cost a list about a
    millisecond and a half a request for nothing the database sees."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, district, prefix=""):
        super().__init__()
        self.district = district
        self.here = [code for code, named in DIVISION_DISTRICTS.items() if named == district]
        self.known = list(DIVISION_DISTRICTS)
        self.columns = [F(f"{prefix}district"), F(f"{prefix}district_confirmed"), Substr(f"{prefix}credit_code", 3, 6)]

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def as_sql(self, compiler, connection):
        stated, stated_params = compiler.compile(self.columns[0])
        confirmed, confirmed_params = compiler.compile(self.columns[1])
        division, division_params = compiler.compile(self.columns[2])
        stated_params, confirmed_params, division_params = tuple(stated_params), tuple(confirmed_params), tuple(division_params)
        known = ", ".join(["%s"] * len(self.known))
        if not self.here:  # no code names the district: only a stated one counts
            return (
                f"({stated} = %s AND ({confirmed} OR NOT ({division} IN ({known}))))",
                (*stated_params, self.district, *confirmed_params, *division_params, *self.known),
            )
        here = ", ".join(["%s"] * len(self.here))
        sql = (
            f"(({stated} = %s AND ({confirmed} OR {division} IN ({here}) OR NOT ({division} IN ({known})))) "
            f"OR ({division} IN ({here}) AND NOT ({confirmed}) AND NOT ({stated} = %s)))"
        )
        params = (
            *stated_params, self.district, *confirmed_params, *division_params, *self.here, *division_params, *self.known,
            *division_params, *self.here, *confirmed_params, *stated_params, self.district,
        )
        return sql, params


def scope_filter(unit, prefix=""):
    """第六条: the filter form of :func:`covers` (they must agree), on Organization fields behind
    ``prefix`` (``"organization__"`` from a project): plain conditions on the organisation's row
    joined by its key, and for a group or association the membership row of this unit — no
    subquery, so a list costs the same whatever its length. A district is read as
    ``scope_district`` is (:class:`DistrictScope`)."""
    if unit is None:
        return NOTHING
    if unit.kind == RecommenderKind.DISTRICT_AMR:
        if not unit.district:
            return NOTHING
        return Q(DistrictScope(unit.district, prefix))
    if unit.kind == RecommenderKind.INDUSTRY_DEPARTMENT:
        industries = list(unit.industries or [])
        return Q(**{f"{prefix}industry__in": industries}) if industries else NOTHING
    if unit.kind in MEMBER_KINDS:
        return Q(**{f"{prefix}groups": unit.pk})
    return NOTHING


def organizations_in_scope(unit):
    """第六条: the organisations ``unit`` recommends."""
    from apps.organizations.models import Organization

    return Organization.objects.filter(scope_filter(unit))


def in_scope_filter(unit):
    """A filter on Project: its organisation lies within ``unit``'s scope (第六条)."""
    return scope_filter(unit, "organization__")


def scope_district_expression(prefix=""):
    """``Organization.scope_district`` in SQL, on Organization fields behind ``prefix``: the
    stated district when the bureau has confirmed it or the credit code's division digits
    (3–8) name no district; otherwise the district they name (the stated one when the same).
    The division table is one constant of the query, not a condition per district."""
    registered = MappedText(DIVISION_DISTRICTS, Substr(f"{prefix}credit_code", 3, 6))
    stated = F(f"{prefix}district")
    return Case(
        When(Q(**{f"{prefix}district_confirmed": True}), then=stated),
        default=Coalesce(registered, stated),
        output_field=CharField(),
    )


def covered_filter(unit="routed_to", organization="organization"):
    """第六条: the filter form of :func:`covers` (they must agree) when the unit and the
    organisation are both foreign keys of the filtered row (``routed_to`` and ``organization``
    of a project): one condition per kind of unit on the unit's own columns, whatever the
    number of units — a district bureau's district against the organisation's scope district,
    a department's industries holding the organisation's industry, a group's or association's
    membership row."""
    kind = f"{unit}__kind"
    unit_district = F(f"{unit}__district")
    memberships = RecommenderUnit.member_organizations.through.objects.filter(
        recommenderunit_id=OuterRef(unit), organization_id=OuterRef(organization)
    )
    by_district = (
        Q(**{kind: RecommenderKind.DISTRICT_AMR})
        & ~Q(**{f"{unit}__district": ""})
        & Exact(scope_district_expression(f"{organization}__"), unit_district)
    )
    by_industry = Q(**{kind: RecommenderKind.INDUSTRY_DEPARTMENT}) & Q(
        ListHas(F(f"{unit}__industries"), F(f"{organization}__industry"))
    )
    by_membership = Q(**{f"{kind}__in": MEMBER_KINDS}) & Q(Exists(memberships))
    return by_district | by_industry | by_membership


def scope_description(unit) -> str:
    """What the unit's scope is, in a sentence for messages."""
    if unit.kind == RecommenderKind.DISTRICT_AMR:
        return f"只推荐{unit.get_district_display() or '本区'}的组织"
    if unit.kind == RecommenderKind.INDUSTRY_DEPARTMENT:
        return f"只推荐主管行业（{unit.get_industries_display() or '未登记'}）的组织"
    return f"只推荐本{unit.get_kind_display()}的成员组织"


def out_of_scope_message(unit, organization, *, article) -> str:
    """The refusal when ``unit`` does not cover ``organization``, citing ``article``."""
    message = f"根据{article}，推荐单位“{unit.name}”{scope_description(unit)}，“{organization.name}”不在其推荐范围内"
    if unit.kind == RecommenderKind.DISTRICT_AMR and organization.district_unconfirmed:
        message += (
            f"（统一社会信用代码登记机关所在区为{organization.get_registered_district_label()}，"
            f"所填所在区{organization.get_district_display()}尚未经该区市场监督管理部门确认）"
        )
    return message + "。"


def units_covering(organization):
    """The units whose scope includes ``organization`` (the applicant's choice, 第九条)."""
    if organization is None:
        return RecommenderUnit.objects.none()
    by_industry = [
        pk
        for pk, industries in RecommenderUnit.objects.filter(kind=RecommenderKind.INDUSTRY_DEPARTMENT).values_list("pk", "industries")
        if organization.industry in (industries or [])
    ]
    district = organization.scope_district
    return RecommenderUnit.objects.filter(
        (Q(kind=RecommenderKind.DISTRICT_AMR, district=district) if district else Q(pk__in=[]))
        | Q(pk__in=by_industry)
        | Q(kind__in=MEMBER_KINDS, member_organizations=organization)
    ).distinct()


def _set_district_confirmation(organization, unit, confirmed, verb):
    """第六条: only the bureau of the district an organisation states decides on it."""
    from apps.core.exceptions import Refusal

    if organization.district_confirmed == confirmed or (confirmed and not organization.district_unconfirmed):
        return organization
    if unit.kind != RecommenderKind.DISTRICT_AMR or unit.district != organization.district:
        raise Refusal(
            f"根据第六条，“{organization.name}”所填所在区为{organization.get_district_display()}，"
            f"只能由该区市场监督管理部门{verb}。",
            code="permission",
        )
    organization.district_confirmed = confirmed
    organization.save(update_fields=["district_confirmed"])
    return organization


def confirm_district(*, organization, unit):
    """第六条: the bureau of the district an organisation states confirms it, when the credit
    code names another district; from then on that bureau's scope includes the organisation."""
    return _set_district_confirmation(organization, unit, True, "确认")


def withdraw_district_confirmation(*, organization, unit):
    """第六条: the bureau that confirmed a stated district withdraws its confirmation; the
    district bureau of the credit code covers the organisation again, and the applications
    waiting at the bureau that withdrew go back to the applicant (第九条,
    apps.projects.scope_changes)."""
    return _set_district_confirmation(organization, unit, False, "撤回确认")


def districts_to_confirm(unit):
    """第六条: the organisations stating the bureau's district while their credit code names
    another one, not yet confirmed."""
    from apps.organizations.models import Organization

    if unit is None or unit.kind != RecommenderKind.DISTRICT_AMR or not unit.district:
        return []
    stated = Organization.objects.filter(district=unit.district, district_confirmed=False).order_by("name")
    return [o for o in stated if o.district_unconfirmed]


def confirmed_districts(unit):
    """第六条: the organisations whose stated district the bureau has confirmed against their
    credit code's district (it may withdraw the confirmation)."""
    from apps.organizations.models import Organization

    if unit is None or unit.kind != RecommenderKind.DISTRICT_AMR or not unit.district:
        return []
    stated = Organization.objects.filter(district=unit.district, district_confirmed=True).order_by("name")
    return [o for o in stated if o.registered_district and o.registered_district != unit.district]
