"""The panel screen's two expert forms (组长, 补充成员): the form checks the choice, the
service decides, and the agency is told what happened. The pool's select (补充成员) is read
only when the agency opens it."""

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


def _chooser(client, panel, *, htmx):
    """The 补充成员 form as the panel screen's link opens it: in place (htmx) or as a page."""
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(reverse("experts:panel_add_member", args=[panel.pk]), headers=headers)
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    return response.content.decode()


def test_each_expert_select_has_its_own_id_and_label(client, agency, make_expert, make_panel):
    panel = make_panel([make_expert() for _ in range(3)])
    client.force_login(agency)
    html = client.get(reverse("experts:panel_detail", args=[panel.pk])).content.decode()
    assert '<label for="chair-expert" class="m-0">组长</label><select name="expert"' in html
    assert html.count('id="chair-expert"') == 1
    assert 'id="id_expert"' not in html
    # The pool's select is not on the screen: a link reads it, in place or as a page of its own.
    url = reverse("experts:panel_add_member", args=[panel.pk])
    assert 'id="member-expert"' not in html
    assert (
        f'<div id="panel-add-member" tabindex="-1" data-focus-after-swap><a href="{url}" hx-get="{url}" '
        'hx-target="#panel-add-member" hx-swap="innerHTML">从专家库补充成员</a></div>'
    ) in html
    for htmx in (True, False):
        chooser = _chooser(client, panel, htmx=htmx)
        assert f'<form method="post" action="{url}" class="inline-form">' in chooser
        assert '<label for="member-expert" class="m-0">补充成员</label><select name="expert"' in chooser
        assert chooser.count('id="member-expert"') == 1 and 'id="id_expert"' not in chooser
        assert ("<html" in chooser) is not htmx
    page = _chooser(client, panel, htmx=False)
    assert "<h1>补充成员" in page and f'href="{reverse("experts:panel_detail", args=[panel.pk])}"' in page


def test_a_closed_panel_offers_no_member_to_add(client, agency, make_expert, make_panel):
    panel = make_panel([make_expert() for _ in range(3)])
    make_expert()
    panel.status = panel.Status.CLOSED
    panel.save(update_fields=["status"])
    client.force_login(agency)
    html = client.get(reverse("experts:panel_detail", args=[panel.pk])).content.decode()
    assert "从专家库补充成员" not in html and 'id="chair-expert"' not in html
    chooser = _chooser(client, panel, htmx=True)
    assert "评审组已结束。" in chooser and "<select" not in chooser


def test_the_member_chooser_of_an_unknown_panel_is_not_found(client, agency):
    client.force_login(agency)
    assert client.get(reverse("experts:panel_add_member", args=[999999])).status_code == 404


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
    for htmx in (True, False):
        assert pool.render("expert", None) in _chooser(client, panel, htmx=htmx)
