"""第二十三条: after the announcement, where the campaign gives feedback, the organisation reads
its total, the average of each criterion and the comments, never an expert's name."""

import pytest
from django.urls import reverse

from apps.awards.feedback import feedback_for
from apps.awards.services import decisions
from apps.review import services
from apps.review.models import ReviewAssignment
from tests.awards.conftest import publish
from tests.experts.conftest import make_expert, make_panel, make_project, sign, small_campaign  # noqa: F401 (fixtures)

NAMES = ["周教授", "吴研究员", "郑高工"]
COMMENTS = ["原因分析透彻，要因确认有数据支撑。", "效果显著，建议补充经济效益测算依据。", "对策针对性强，标准化措施到位。"]


@pytest.fixture
def reviewed_project(small_campaign, make_expert, make_project, make_panel, agency):  # noqa: F811
    experts = [make_expert(name) for name in NAMES]
    project = make_project(title="降低变速箱齿轮热处理变形超差率")
    panel = make_panel(experts)
    services.assign_projects(panel=panel, projects=[project], actor=agency, seed="feedback")
    for minus, expert, comment in zip((0, 2, 4), experts, COMMENTS):
        sign(expert, small_campaign)
        assignment = ReviewAssignment.objects.get(project=project, expert=expert)
        points = {c.pk: c.max_points - minus for c in small_campaign.rubric_for(project.project_type)}
        services.save_score(assignment=assignment, actor=expert.user, points=points, comment=comment, submit=True)
    services.close_review(campaign=small_campaign, actor=agency)
    project.refresh_from_db()
    return project


def announce(campaign, commission):
    publish(campaign, commission, days_ago=campaign.notice_days)
    decisions.announce(campaign=campaign, actor=commission)


def page(client, user, project):
    client.force_login(user)
    return client.get(reverse("projects:detail", args=[project.pk])).content.decode()


def test_feedback_only_after_the_announcement(client, reviewed_project, small_campaign, commission, applicant):
    small_campaign.feedback_to_applicants = True
    small_campaign.save(update_fields=["feedback_to_applicants"])
    assert feedback_for(reviewed_project) is None  # reviewed, list not even published
    publish(small_campaign, commission, days_ago=small_campaign.notice_days)
    assert feedback_for(reviewed_project) is None  # during the notice
    assert 'id="review-feedback"' not in page(client, applicant, reviewed_project)
    decisions.announce(campaign=small_campaign, actor=commission)
    feedback = feedback_for(reviewed_project)
    assert str(feedback.total) == "88.00" and feedback.score_count == 3
    assert [(c.name, c.max_points, str(c.average)) for c in feedback.criteria] == [
        ("选题", 15, "13.0"),
        ("原因分析", 30, "28.0"),
        ("对策与实施", 20, "18.0"),
        ("效果", 20, "18.0"),
        ("成果报告", 5, "3.0"),
        ("特点", 10, "8.0"),
    ]
    assert feedback.comments == sorted(COMMENTS)
    body = page(client, applicant, reviewed_project)
    assert 'id="review-feedback"' in body and "88.00" in body and "28.0" in body
    assert all(comment in body for comment in COMMENTS)


def test_feedback_never_names_an_expert(client, reviewed_project, small_campaign, commission, applicant):
    small_campaign.feedback_to_applicants = True
    small_campaign.save(update_fields=["feedback_to_applicants"])
    announce(small_campaign, commission)
    body = page(client, applicant, reviewed_project)
    assert 'id="review-feedback"' in body
    section = body[body.index('id="review-feedback"') :]
    section = section[: section.index("</section>")]
    for name in NAMES:
        assert name not in section and name not in body
    usernames = [a.expert.user.username for a in ReviewAssignment.objects.filter(project=reviewed_project).select_related("expert__user")]
    assert not any(username in section for username in usernames)


def test_no_feedback_where_the_campaign_does_not_give_it(client, reviewed_project, small_campaign, commission, applicant):
    announce(small_campaign, commission)
    assert not small_campaign.feedback_to_applicants
    assert feedback_for(reviewed_project) is None
    assert 'id="review-feedback"' not in page(client, applicant, reviewed_project)
