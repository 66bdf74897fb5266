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


def test_directory_gives_the_industry_departments_their_industries(db):
    """第六条: an industry department's scope is the industries it governs."""
    import pytest

    from apps.recommenders.services import load_units

    call_command("load_recommender_units")
    assert RecommenderUnit.objects.get(name="天津市住房和城乡建设委员会").industries == ["construction"]
    assert RecommenderUnit.objects.get(name="天津市交通运输委员会").industries == ["transport"]
    assert "food" in RecommenderUnit.objects.get(name="天津市农业农村委员会").industries
    assert RecommenderUnit.objects.get(name="武清区市场监督管理局").district == "wuqing"
    # A changed row updates the unit; an unknown industry is refused.
    load_units([{"name": "天津市交通运输委员会", "kind": "industry_department", "industries": ["transport", "energy"]}])
    assert RecommenderUnit.objects.get(name="天津市交通运输委员会").industries == ["transport", "energy"]
    with pytest.raises(ValueError, match="未知的行业：航天"):
        load_units([{"name": "天津市测试局", "kind": "industry_department", "industries": ["航天"]}])
