from django.core.management import call_command

from apps.recommenders.models import RecommenderKind, RecommenderUnit


def test_directory_loads_all_four_kinds_once(db):
    call_command("load_recommender_units")
    units = RecommenderUnit.objects.all()
    assert units.filter(kind=RecommenderKind.DISTRICT_AMR).count() == 16  # the 16 districts
    assert set(units.values_list("kind", flat=True)) == set(RecommenderKind.values)
    count = units.count()
    call_command("load_recommender_units")
    assert RecommenderUnit.objects.count() == count
