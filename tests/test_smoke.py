from apps.projects.services import transition
from tests.factories import record_verification


def test_submit_then_recommend(draft, applicant, recommender):
    transition(project=draft, name="submit", actor=applicant, commitment=True)
    assert draft.state == "submitted"
    record_verification(draft, recommender)
    transition(project=draft, name="recommend", actor=recommender, comment="同意推荐")
    assert draft.state == "recommended"
    assert draft.transitions.count() == 2
