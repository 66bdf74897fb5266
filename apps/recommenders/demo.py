from django.core.management import call_command

from apps.accounts.roles import Role

from .models import RecommenderKind, RecommenderUnit

DEMO_UNITS = {
    RecommenderKind.INDUSTRY_DEPARTMENT: ("天津市工业和信息化局", "马科长"),
    RecommenderKind.DISTRICT_AMR: ("滨海新区市场监督管理局", "高科长"),
    RecommenderKind.INDUSTRIAL_GROUP: ("天津渤海装备集团有限公司", "林部长"),
    RecommenderKind.ASSOCIATION: ("天津市质量协会", "何秘书长"),
}


def seed(ctx):
    # The directory of recommending units (fixtures/recommender_units.json), then one demo
    # unit of each kind of 第六条 with a contact.
    call_command("load_recommender_units", stdout=ctx["stdout"])
    units = {}
    for kind, (name, contact) in DEMO_UNITS.items():
        units[kind] = RecommenderUnit.objects.get(name=name)
        units[kind].contact_name = contact
        units[kind].save(update_fields=["contact_name"])
    orgs = ctx["organizations"]
    units[RecommenderKind.INDUSTRIAL_GROUP].member_organizations.add(orgs[0], orgs[7])
    ctx["recommenders"] = units
    make_user = ctx["make_user"]
    ctx["recommender_user"] = make_user(
        "tuijian", Role.RECOMMENDER, "高科长", recommender=units[RecommenderKind.DISTRICT_AMR], email="tuijian@example.com"
    )
    ctx["recommender_user2"] = make_user(
        "tuijian2", Role.RECOMMENDER, "马科长", recommender=units[RecommenderKind.INDUSTRY_DEPARTMENT], email="tuijian2@example.com"
    )
    ctx["recommender_users"] = {
        RecommenderKind.DISTRICT_AMR: ctx["recommender_user"],
        RecommenderKind.INDUSTRY_DEPARTMENT: ctx["recommender_user2"],
        RecommenderKind.INDUSTRIAL_GROUP: make_user(
            "tuijian3", Role.RECOMMENDER, "林部长", recommender=units[RecommenderKind.INDUSTRIAL_GROUP]
        ),
        RecommenderKind.ASSOCIATION: make_user("tuijian4", Role.RECOMMENDER, "何秘书长", recommender=units[RecommenderKind.ASSOCIATION]),
    }
