from apps.accounts.roles import Role
from apps.organizations.choices import District

from .models import RecommenderKind, RecommenderUnit


def seed(ctx):
    units = {
        RecommenderKind.INDUSTRY_DEPARTMENT: RecommenderUnit.objects.create(
            name="天津市工业和信息化局", kind=RecommenderKind.INDUSTRY_DEPARTMENT, contact_name="马科长"
        ),
        RecommenderKind.DISTRICT_AMR: RecommenderUnit.objects.create(
            name="滨海新区市场监督管理局", kind=RecommenderKind.DISTRICT_AMR, district=District.BINHAI, contact_name="高科长"
        ),
        RecommenderKind.INDUSTRIAL_GROUP: RecommenderUnit.objects.create(
            name="天津渤海装备集团有限公司", kind=RecommenderKind.INDUSTRIAL_GROUP, contact_name="林部长"
        ),
        RecommenderKind.ASSOCIATION: RecommenderUnit.objects.create(
            name="天津市质量协会", kind=RecommenderKind.ASSOCIATION, contact_name="何秘书长"
        ),
    }
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
