"""第七条(二)(三): the application has substance. Every PDCA part has real content (no stand-in
such as 无, —, 略, 同上 or 见附件; at least 10 letters, digits or Chinese characters), and every
benefit metric's target improves on its baseline in its stated direction. The domain refuses
the submission; the applicant's form says so at the field."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.core.exceptions import Refusal
from apps.projects.models import Metric, Project
from apps.projects.rules import application_complete
from apps.projects.services import transition

from .helpers import application_post

PLACEHOLDERS = ["无", "暂无", "—", "-", "略", "同上", "见附件", "N/A", "/", "n/a", " 无。 ", "N / A", "——", "详见附件", "待补充"]
PLACEHOLDER_MESSAGE = "根据第七条(二)，PDCA各部分须写明实际内容，不能以“无”“略”“同上”“见附件”等代替：选择课题理由（P）"
SHORT_MESSAGE = "根据第七条(二)，PDCA各部分至少须写10个字（不计空格和标点）：选择课题理由（P）"

PDCA_LABELS = {
    "plan_reason": "选择课题理由（P）",
    "plan_current_state": "现状调查（P）",
    "plan_goal": "设定目标（P）",
    "plan_cause_analysis": "原因分析与主要原因（P）",
    "plan_countermeasures": "制定对策（P）",
    "do_implementation": "对策实施计划（D）",
    "check_method": "效果检查方法（C）",
    "act_standardisation": "巩固措施与标准化（A）",
    "act_summary": "总结和下一步打算（A）",
}


def set_text(project, field, text):
    setattr(project, field, text)
    project.save(update_fields=[field])
    return project


def refused_submit(project, applicant):
    with pytest.raises(Refusal) as exc:
        transition(project=project, name="submit", actor=applicant, commitment=True)
    assert Project.objects.get(pk=project.pk).state == "draft"
    return exc.value.message


# ---- 第七条(二): the PDCA texts ---------------------------------------------------------------


def test_the_factory_application_is_complete(draft):
    assert application_complete.problems(draft) == []


@pytest.mark.parametrize("text", PLACEHOLDERS)
def test_each_placeholder_is_refused(draft, text):
    set_text(draft, "plan_reason", text)
    assert application_complete.problems(draft) == [PLACEHOLDER_MESSAGE]


@pytest.mark.parametrize("field,label", PDCA_LABELS.items())
def test_a_placeholder_in_any_part_refuses_the_submission(draft, applicant, field, label):
    set_text(draft, field, "无")
    message = refused_submit(draft, applicant)
    assert "根据第七条(二)" in message and label in message


def test_nine_characters_are_too_short(draft, applicant):
    set_text(draft, "plan_reason", "统计三个月返修数据")  # 9
    assert application_complete.problems(draft) == [SHORT_MESSAGE]
    assert SHORT_MESSAGE in refused_submit(draft, applicant)


def test_spaces_and_punctuation_do_not_count(draft):
    set_text(draft, "plan_reason", "统计，三个月 返修数据。")  # 9 once spaces and punctuation are left out
    assert application_complete.problems(draft) == [SHORT_MESSAGE]


def test_ten_characters_are_enough(draft, applicant):
    set_text(draft, "plan_reason", "统计三个月的返修数据")  # 10
    assert application_complete.problems(draft) == []
    transition(project=draft, name="submit", actor=applicant, commitment=True)
    assert draft.state == "submitted"


def test_a_real_text_that_mentions_an_attachment_is_accepted(draft):
    set_text(draft, "plan_current_state", "见附件1：2024年返修记录统计表，返修率4.6%，气孔占六成。")
    assert application_complete.problems(draft) == []


def test_an_empty_part_is_still_reported_as_missing(draft):
    set_text(draft, "act_summary", "  ")
    assert application_complete.problems(draft) == ["根据第七条(二)，PDCA各部分须填写完整，缺少：总结和下一步打算（A）"]


# ---- 第七条(三): the metrics improve in their direction ---------------------------------------


def set_metric(project, direction, baseline, target):
    project.metrics.all().delete()
    Metric.objects.create(project=project, name="返修率" if direction == "lower" else "一次合格率", unit="%", direction=direction, baseline=Decimal(baseline), target=Decimal(target))
    return project


@pytest.mark.parametrize(
    "direction,baseline,target,message",
    [
        ("lower", "4.6", "4.6", "根据第七条(三)，效益指标“返修率”为越低越好，目标值须低于现状值（现状值4.6，目标值4.6）"),
        ("lower", "4.6", "5.2", "根据第七条(三)，效益指标“返修率”为越低越好，目标值须低于现状值（现状值4.6，目标值5.2）"),
        ("higher", "92.1", "92.1", "根据第七条(三)，效益指标“一次合格率”为越高越好，目标值须高于现状值（现状值92.1，目标值92.1）"),
        ("higher", "92.1", "90", "根据第七条(三)，效益指标“一次合格率”为越高越好，目标值须高于现状值（现状值92.1，目标值90）"),
    ],
    ids=["lower-equal", "lower-worse", "higher-equal", "higher-worse"],
)
def test_a_metric_that_does_not_improve_is_refused(draft, applicant, direction, baseline, target, message):
    set_metric(draft, direction, baseline, target)
    assert application_complete.problems(draft) == [message]
    assert message in refused_submit(draft, applicant)


@pytest.mark.parametrize(
    "direction,baseline,target",
    [("lower", "4.6", "4.59"), ("lower", "4.6", "0"), ("higher", "92.1", "92.11"), ("higher", "0", "30")],
)
def test_a_metric_that_improves_is_accepted(draft, applicant, direction, baseline, target):
    set_metric(draft, direction, baseline, target)
    assert application_complete.problems(draft) == []
    transition(project=draft, name="submit", actor=applicant, commitment=True)
    assert draft.state == "submitted"


# ---- the applicant's form -------------------------------------------------------------------


def test_the_form_refuses_a_placeholder_at_the_field(client, campaign, applicant):
    client.force_login(applicant)
    response = client.post(reverse("projects:create"), application_post(plan_reason="无"))
    assert response.status_code == 200
    assert response.context["form"].errors["plan_reason"] == ["根据第七条(二)，PDCA各部分须写明实际内容，不能以“无”“略”“同上”“见附件”等代替。"]
    assert not Project.objects.exists()


def test_the_form_saves_a_short_draft_and_the_submission_says_what_is_short(client, campaign, applicant, recommender_unit):
    client.force_login(applicant)
    response = client.post(reverse("projects:create"), application_post(recommender=recommender_unit, plan_reason="返修多"))
    assert response.status_code == 302
    project = Project.objects.get()
    body = client.post(
        reverse("projects:act", args=[project.pk]), {"name": "submit", "comment": "", "expected_state": "draft"}, follow=True
    ).content.decode()
    assert "至少须写10个字" in body and "选择课题理由（P）" in body
    assert Project.objects.get().state == "draft"


@pytest.mark.parametrize(
    "direction,baseline,target,ok",
    [("lower", "4.6", "4.6", False), ("lower", "4.6", "5", False), ("lower", "4.6", "1.5", True),
     ("higher", "92.1", "92.1", False), ("higher", "92.1", "90", False), ("higher", "92.1", "98.5", True)],
)
def test_the_metric_row_says_when_the_target_does_not_improve(client, campaign, applicant, direction, baseline, target, ok):
    client.force_login(applicant)
    metrics = [{"name": "指标", "unit": "%", "direction": direction, "baseline": baseline, "target": target}]
    response = client.post(reverse("projects:create"), application_post(metrics=metrics))
    if ok:
        assert response.status_code == 302
        assert Project.objects.get().metrics.get().target == Decimal(target)
    else:
        assert response.status_code == 200
        assert "根据第七条(三)，效益指标“指标”" in response.content.decode()
        assert not Project.objects.exists()
