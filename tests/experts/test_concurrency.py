"""第四条 under concurrent edits: the chair and the agency raise two projects to 一等奖 at the
same moment while one place is left — the campaign row lock lets exactly one through."""

import threading

import pytest
from django.db import connections

from apps.review import services
from apps.review.models import ProposalEntry, ReviewAssignment

from .conftest import full_points, sign

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]




def test_concurrent_adjustments_never_exceed_the_quota(make_expert, make_project, make_panel, agency, small_campaign):
    small_campaign.quota_first = 1
    small_campaign.save()
    experts = [make_expert() for _ in range(3)]
    projects = [make_project() for _ in range(3)]
    panel = make_panel(experts)
    services.assign_projects(panel=panel, projects=projects, actor=agency)
    for e in experts:
        sign(e, small_campaign)
    for share, p in zip((0.9, 0.8, 0.7), projects):
        for a in ReviewAssignment.objects.filter(project=p).select_related("panel__campaign", "project"):
            services.save_score(assignment=a, actor=a.expert.user, points=full_points(a, share), comment="评语", submit=True)
    entries = {e.rank: e for e in ProposalEntry.objects.all()}
    chair = panel.chair.user
    barrier = threading.Barrier(2)
    outcomes = []

    def act(actor, entry):
        try:
            barrier.wait(timeout=10)
            services.adjust_level(entry=entry, level="first", actor=actor, note="并发调整")
            outcomes.append("ok")
        except services.ReviewRefused as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(chair, entries[2])), threading.Thread(target=act, args=(chair, entries[3]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert outcomes.count("ok") == 1, outcomes
    assert any("第四条" in o for o in outcomes if o != "ok")
    assert ProposalEntry.objects.filter(proposed_level="first").count() == 1
