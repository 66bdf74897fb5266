"""Writes of recommender units: the directory (第六条). Their verification of projects is
``apps.projects.verification``."""

from django.db import transaction

from apps.organizations.choices import Industry

from .models import RecommenderKind, RecommenderUnit


@transaction.atomic
def load_units(rows) -> tuple[int, int]:
    """Create or update recommender units (第六条) from ``{"name", "kind", "district",
    "industries"}`` rows (an industry department's scope is its industries)."""
    created = updated = 0
    for row in rows:
        if row["kind"] not in RecommenderKind.values:
            raise ValueError(f"未知的推荐单位类别：{row['kind']}")
        unknown = [i for i in row.get("industries", []) if i not in Industry.values]
        if unknown:
            raise ValueError(f"未知的行业：{'、'.join(unknown)}")
        fields = {"kind": row["kind"], "district": row.get("district", ""), "industries": list(row.get("industries", []))}
        unit = RecommenderUnit.objects.filter(name=row["name"]).first()
        if unit is None:
            RecommenderUnit.objects.create(name=row["name"], **fields)
            created += 1
        elif any(getattr(unit, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(unit, name, value)
            unit.save(update_fields=list(fields))
            updated += 1
    return created, updated


@transaction.atomic
def remove_member(*, unit, organization):
    """第六条: an 工业集团 or 行业协会 no longer counts ``organization`` among its members; from
    then on it neither sees nor recommends its projects, and the applications waiting for it
    go back to the applicant (第九条, apps.projects.scope_changes)."""
    unit.member_organizations.remove(organization)
    return unit


@transaction.atomic
def set_industries(*, unit, industries):
    """第六条: the industries a 市级行业主管部门 governs; organisations of an industry it no longer
    governs leave its scope (第九条, apps.projects.scope_changes)."""
    unknown = [i for i in industries if i not in Industry.values]
    if unknown:
        raise ValueError(f"未知的行业：{'、'.join(unknown)}")
    unit.industries = list(industries)
    unit.save(update_fields=["industries"])
    return unit
