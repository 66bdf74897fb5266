"""The panel screen's two expert forms (组长, 补充成员): the form checks the choice, the
service decides, and the agency is told what happened."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from apps.review.models import PanelMember

pytestmark = pytest.mark.django_db


def _post(client, user, name, panel, expert_pk):
    client.force_login(user)
    response = client.post(reverse(f"experts:{name}", args=[panel.pk]), {"expert": expert_pk})
    assert response.status_code == 302 and response["Location"] == reverse("experts:panel_detail", args=[panel.pk])
    said = [str(m) for m in get_messages(response.wsgi_request)]
    client.get(response["Location"])  # the panel screen shows (and so uses up) the messages
    return said


def test_the_agency_names_a_member_chair_and_nobody_else(client, agency, make_expert, make_panel):
    members = [make_expert() for _ in range(3)]
    outsider = make_expert()
    panel = make_panel(members)
    assert _post(client, agency, "panel_chair", panel, members[1].pk) == [f"已指定{members[1].name}为组长。"]
    panel.refresh_from_db()
    assert panel.chair_id == members[1].pk
    assert _post(client, agency, "panel_chair", panel, outsider.pk) == ["组长须为本评审组成员。"]
    panel.refresh_from_db()
    assert panel.chair_id == members[1].pk


def test_the_agency_adds_a_pool_expert_once(client, agency, make_expert, make_panel):
    members = [make_expert() for _ in range(3)]
    spare = make_expert()
    panel = make_panel(members)
    assert _post(client, agency, "panel_add_member", panel, spare.pk) == [f"已补充{spare.name}为评审组成员。"]
    assert PanelMember.objects.filter(panel=panel, expert=spare).count() == 1
    assert _post(client, agency, "panel_add_member", panel, spare.pk) == ["请选择在库专家。"]  # already a member
    assert PanelMember.objects.filter(panel=panel, expert=spare).count() == 1


def test_each_expert_select_has_its_own_id_and_label(client, agency, make_expert, make_panel):
    panel = make_panel([make_expert() for _ in range(3)])
    client.force_login(agency)
    html = client.get(reverse("experts:panel_detail", args=[panel.pk])).content.decode()
    assert '<label for="chair-expert" class="m-0">组长</label><select name="expert"' in html
    assert '<label for="member-expert" class="m-0">补充成员</label><select name="expert"' in html
    assert html.count('id="chair-expert"') == 1 and html.count('id="member-expert"') == 1
    assert 'id="id_expert"' not in html


def test_the_expert_selects_list_what_the_forms_accept(client, agency, make_expert, make_panel):
    """Each select's options, read as names and keys, are the members (组长) and the active
    pool less the members (补充成员), in name order, with the chair chosen."""
    from django import forms

    from apps.review.models import Expert

    members = [make_expert(name) for name in ("王五", "李四", "张三")]
    spares = [make_expert(name) for name in ("赵六", "钱七")]
    panel = make_panel(members)
    client.force_login(agency)
    html = client.get(reverse("experts:panel_detail", args=[panel.pk])).content.decode()
    chair = forms.Select(attrs={"required": True, "id": "chair-expert"}, choices=[("", "请选择组长")] + [(e.pk, e.name) for e in Expert.objects.filter(pk__in=[m.pk for m in members])])
    pool = forms.Select(attrs={"required": True, "id": "member-expert"}, choices=[("", "请选择专家")] + [(e.pk, e.name) for e in Expert.objects.filter(pk__in=[s.pk for s in spares])])
    assert chair.render("expert", panel.chair_id) in html
    assert pool.render("expert", None) in html
