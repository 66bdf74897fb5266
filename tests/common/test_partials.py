"""The one pagination partial and the one form-field partial every screen uses."""

from django import forms
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def _page(number, request_path):
    request = RequestFactory().get(request_path)
    page = Paginator(list(range(45)), 20).get_page(number)
    return render_to_string("partials/pagination.html", {"page": page}, request=request)


def test_pagination_keeps_the_lists_filters_and_counts():
    html = _page(2, "/projects/?state=draft&q=%E7%84%8A&page=2")
    assert "第 2 / 3 页，共 45 项" in html
    assert 'href="?state=draft&amp;q=%E7%84%8A&amp;page=1"' in html
    assert 'href="?state=draft&amp;q=%E7%84%8A&amp;page=3"' in html


def test_pagination_first_and_last_page_link_one_way_only():
    first = _page(1, "/projects/")
    assert "上一页" not in first and 'href="?page=2"' in first
    last = _page(3, "/projects/?page=3")
    assert "下一页" not in last and 'href="?page=2"' in last


def test_a_second_list_pages_with_its_own_parameter_and_keeps_the_first_lists_page():
    request = RequestFactory().get("/campaigns/2026/approval/?page=2&approved_page=1")
    page = Paginator(list(range(45)), 20).get_page(1)
    html = render_to_string("partials/pagination.html", {"page": page, "param": "approved_page"}, request=request)
    assert 'href="?page=2&amp;approved_page=2"' in html


def test_no_pagination_for_a_single_page():
    request = RequestFactory().get("/projects/")
    page = Paginator(list(range(5)), 20).get_page(1)
    assert render_to_string("partials/pagination.html", {"page": page}, request=request).strip() == ""


class _Form(forms.Form):
    name = forms.CharField(label="项目名称", help_text="不超过50字")
    agree = forms.BooleanField(label="已阅读", required=False)
    areas = forms.MultipleChoiceField(label="效益领域", choices=[("q", "质量"), ("c", "成本")], widget=forms.CheckboxSelectMultiple)


def test_field_partial_marks_required_fields_and_shows_help_and_errors():
    form = _Form(data={})
    form.is_valid()
    html = render_to_string("partials/field.html", {"field": form["name"]})
    assert 'class="field has-error required"' in html
    assert '<label for="id_name">项目名称 <span class="req">*</span></label>' in html
    # The input names its help text for screen readers, and the help text has that id.
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert '<div class="helptext" id="id_name_helptext">不超过50字</div>' in html
    assert "这个字段是必填项。" in html


def test_field_partial_puts_a_checkbox_inside_its_label_and_groups_multiple_choices():
    form = _Form()
    checkbox = render_to_string("partials/field.html", {"field": form["agree"]})
    assert "<label><input" in checkbox and "已阅读</label>" in checkbox and "req" not in checkbox
    multiple = render_to_string("partials/field.html", {"field": form["areas"]})
    assert '<div class="checks">' in multiple


def test_a_link_for_each_row_is_the_reversed_url():
    from django.urls import reverse

    from apps.common.links import link_for_each

    recuse, top_up = link_for_each("experts:assignment_recuse"), link_for_each("experts:project_top_up", 7)
    for key in (1, 42, 123456789):
        assert recuse(key) == reverse("experts:assignment_recuse", args=[key])
        assert top_up(key) == reverse("experts:project_top_up", args=[7, key])


def test_the_status_tag_of_each_scoring_status():
    from django.template import engines

    from apps.review.models import ReviewAssignment, ScoringStatus

    template = engines["django"].from_string("{% load scoring %}{{ status|status_tag }}")
    tags = {status: template.render({"status": status}) for status in ScoringStatus}
    assert tags == {
        ScoringStatus.RECUSED: '<span class="status-tag recused">已回避</span>',
        ScoringStatus.SUBMITTED: '<span class="status-tag submitted">已提交</span>',
        ScoringStatus.DRAFT: '<span class="status-tag draft">草稿</span>',
        ScoringStatus.WAITING: '<span class="status-tag">待评分</span>',
    }
    active, recused = ReviewAssignment.Status.ACTIVE, ReviewAssignment.Status.RECUSED
    assert ReviewAssignment.scoring_status_of(recused, "submitted") == ScoringStatus.RECUSED
    assert ReviewAssignment.scoring_status_of(active, "submitted") == ScoringStatus.SUBMITTED
    assert ReviewAssignment.scoring_status_of(active, "draft") == ScoringStatus.DRAFT
    assert ReviewAssignment.scoring_status_of(active, None) == ScoringStatus.WAITING
