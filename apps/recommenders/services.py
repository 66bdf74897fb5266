"""Writes of recommender units: the directory (第六条). Their verification of projects is
``apps.projects.verification``."""

from django.db import transaction

from .models import RecommenderKind, RecommenderUnit


@transaction.atomic
def load_units(rows) -> tuple[int, int]:
    """Create or update recommender units (第六条) from ``{"name", "kind", "district"}`` rows."""
    created = updated = 0
    for row in rows:
        if row["kind"] not in RecommenderKind.values:
            raise ValueError(f"未知的推荐单位类别：{row['kind']}")
        unit = RecommenderUnit.objects.filter(name=row["name"]).first()
        if unit is None:
            RecommenderUnit.objects.create(name=row["name"], kind=row["kind"], district=row.get("district", ""))
            created += 1
        elif (unit.kind, unit.district) != (row["kind"], row.get("district", "")):
            unit.kind, unit.district = row["kind"], row.get("district", "")
            unit.save(update_fields=["kind", "district"])
            updated += 1
    return created, updated
