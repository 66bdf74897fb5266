"""The whole path from sign-up to recommended results, by four people in their own browsers:
an applicant who registers its organisation, the recommender unit, the commission, and the
agency that runs the training (第七条 to 第十五条)."""

import pytest
from django.utils import timezone

from apps.projects.demo import MINIMAL_PDF
from apps.projects.models import Project
from apps.organizations.credit_code import make_credit_code
from tests.e2e.conftest import login, shot

CREDIT_CODE = make_credit_code("91", "120116", "55443322")
PDF = {"name": "立项申报书.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
EXE = {"name": "现场照片.png", "mimeType": "image/png", "buffer": b"MZ\x90\x00" + b"\x00" * 200}

PDCA = {
    "plan_reason": "焊接返修造成的质量损失每年超过80万元，客户投诉集中在焊缝外观和强度。",
    "plan_current_state": "统计2025年1—6月生产记录，返修率4.6%，其中气孔和咬边占71%。",
    "plan_goal": "焊接返修率由4.6%降低到1.5%以下。",
    "plan_cause_analysis": "鱼骨图分析末端因素11项，现场验证确认要因：焊接电流波动、工装定位误差。",
    "plan_countermeasures": "加装稳压电源；重新设计定位工装；制定焊接参数点检表。",
    "do_implementation": "7月完成稳压电源改造，8月工装试制验证，9月全面推行点检。",
    "check_method": "对策实施后连续三个月统计返修率，并做控制图分析。",
    "act_standardisation": "修订焊接作业指导书和工装管理规定。",
    "act_summary": "经验推广到二车间，下一步攻关焊接烟尘治理。",
}


def act(page, label):
    page.locator("form.action-form button", has_text=label).click()
    page.wait_for_load_state("networkidle")


def submit(page, label, *, try_without_commitment=False):
    """第二十一条: a submission goes through its screen, where the applicant reads the
    authenticity commitment and ticks the box."""
    page.locator("#project-actions a[data-submission]", has_text=label).click()
    assert "真实性承诺书（第二十一条）" in page.inner_text("#commitment")
    if try_without_commitment:
        page.click(f"button:has-text('确认承诺并{label}')")
        assert "请阅读承诺书并勾选确认后再提交（第二十一条）。" in page.inner_text("#commitment")
    page.get_by_label("本单位已阅读上述承诺书，确认所提交的材料真实、准确、完整").check()
    page.click(f"button:has-text('确认承诺并{label}')")
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_application_to_recommended_results(new_page, campaign, recommender_unit, recommender, commission, agency):
    # 1. The applicant registers its organisation (第七条(一)).
    applicant = new_page()
    applicant.goto("/organizations/register/")
    applicant.fill("#id_org-name", "天津浏览器测试制造有限公司")
    applicant.fill("#id_org-credit_code", CREDIT_CODE)
    applicant.select_option("#id_org-district", "binhai")
    applicant.select_option("#id_org-industry", "equipment")
    applicant.fill("#id_org-contact_name", "王工")
    applicant.fill("#id_org-contact_phone", "022-66668888")
    applicant.fill("#id_user-username", "wanggong")
    applicant.fill("#id_user-full_name", "王工")
    applicant.fill("#id_user-password1", "Zhiliang@2026")
    applicant.fill("#id_user-password2", "Zhiliang@2026")
    shot(applicant, "flow-01-register")
    applicant.click("button[type=submit]")
    assert "天津浏览器测试制造有限公司" in applicant.inner_text("h1")
    assert applicant.locator("#join-code").inner_text().strip()

    # 2. The application on the PDCA cycle; a renamed .exe is refused and nothing typed is lost.
    applicant.goto("/projects/new/")
    applicant.fill("#id_title", "降低座椅骨架焊接返修率")
    applicant.check("input[name=benefit_areas][value=quality_efficiency]")
    applicant.select_option("#id_recommender", str(recommender_unit.pk))
    for name, text in PDCA.items():
        applicant.fill(f"#id_{name}", text)
    applicant.fill("#id_metrics-0-name", "焊接返修率")
    applicant.fill("#id_metrics-0-unit", "%")
    applicant.fill("#id_metrics-0-baseline", "4.6")
    applicant.fill("#id_metrics-0-target", "1.5")
    applicant.fill("#id_team-0-name", "张质量")
    applicant.fill("#id_team-1-name", "李项目")
    applicant.set_input_files("#id_files", [EXE])
    applicant.click("button[name=then][value=detail]")
    assert "现场照片.png" in applicant.inner_text(".errorlist")
    assert applicant.input_value("#id_plan_goal") == PDCA["plan_goal"]
    shot(applicant, "flow-02-refused-file-keeps-input")
    applicant.set_input_files("#id_files", [PDF])
    applicant.click("button[name=then][value=detail]")
    assert "降低座椅骨架焊接返修率" in applicant.inner_text("h1")
    project = Project.objects.get(title="降低座椅骨架焊接返修率")

    # 3. Submit to the recommender (第九条).
    submit(applicant, "提交申报", try_without_commitment=True)
    assert "待推荐单位审核" in applicant.inner_text("h1")
    shot(applicant, "flow-03-submitted")

    # 4. The recommender returns it with reasons (第十条).
    rec = login(new_page(), recommender.username)
    rec.goto("/recommenders/")
    shot(rec, "flow-04a-recommender-inbox")
    rec.locator("tr", has_text="降低座椅骨架焊接返修率").locator("a.btn").click()
    rec.fill("#id_opinion", "请补充现状调查的数据来源和统计口径。")
    rec.click("button[name=decision][value=return_to_applicant]")
    assert "退回修改" in rec.inner_text("h1")

    # 5. The applicant sees why, fixes and resubmits.
    applicant.reload()
    assert "请补充现状调查的数据来源和统计口径。" in applicant.inner_text(".timeline")
    applicant.click("text=修改申报材料")
    applicant.fill("#id_plan_current_state", PDCA["plan_current_state"] + "数据来源：MES系统焊接工位记录，按班次分层。")
    applicant.click("button[name=then][value=detail]")
    submit(applicant, "修改后重新提交")
    assert "待推荐单位审核" in applicant.inner_text("h1")

    # 6. The recommender verifies with the checklist and recommends.
    rec.goto(f"/recommenders/projects/{project.pk}/")
    for box in rec.locator("#verification-form input[type=checkbox]").all():
        box.check()
    rec.fill("#id_opinion", "经核实，申报材料完整、真实，同意推荐。")
    shot(rec, "flow-04-recommender-checklist")
    rec.click("button[name=decision][value=recommend]")
    assert "已推荐" in rec.inner_text("h1")

    # 7. The commission approves (第十一条) and publishes the project plan.
    com = login(new_page(), commission.username)
    com.goto(f"/campaigns/{campaign.year}/approval/{project.pk}/")
    com.check("input[name=decision][value=approve]")
    shot(com, "flow-05-approval")
    com.click("#decision button[type=submit]")
    com.on("dialog", lambda dialog: dialog.accept())
    com.click("#publish-plan")
    com.wait_for_load_state("networkidle")
    com.goto(f"/plan/{campaign.year}/")
    assert "降低座椅骨架焊接返修率" in com.content()
    project.refresh_from_db()
    assert project.state == "in_progress"

    # 8. The agency registers the training and who attended (第十二条).
    agent = login(new_page(), agency.username)
    agent.goto("/training/new/")
    agent.fill("#id_topic", "质量攻关方法与QC工具")
    agent.fill("#id_held_on", timezone.localdate().isoformat())
    agent.fill("#id_place", "天津市市场监管委培训中心")
    agent.click("main form button[type=submit]")
    row = agent.locator("label", has_text="张质量")
    row.locator("input[type=checkbox]").check()
    agent.locator("label", has_text="李项目").locator("input[type=checkbox]").check()
    agent.click("#save-attendance")
    assert "已保存签到" in agent.inner_text(".messages")

    # 9. The recommender's tracking visit (第十三条).
    rec.goto(f"/training/tracking/projects/{project.pk}/")
    rec.fill("#id_visited_on", timezone.localdate().isoformat())
    rec.locator("input[name=form]").first.check()
    rec.fill("#id_findings", "稳压电源已改造完成，工装正在试制。")
    rec.fill("#id_guidance", "建议增加焊后抽检频次，保留原始数据。")
    rec.click("main form button[type=submit]")

    # 10. The applicant sees training and guidance, then submits the results (第十四条).
    applicant.goto(f"/projects/{project.pk}/")
    applicant.click("text=查看参训记录")
    applicant.wait_for_selector("#project-training-rows table")
    assert "张质量" in applicant.inner_text("#project-training")
    applicant.click("text=查看跟踪服务记录")
    applicant.wait_for_selector("#project-tracking-rows ul.timeline")
    assert "建议增加焊后抽检频次" in applicant.inner_text("#project-tracking")
    shot(applicant, "flow-06-in-progress-with-training-and-tracking")
    applicant.click("text=填写成果材料（第十四条）")
    applicant.fill("#id_metrics-0-actual", "1.2")
    applicant.fill("#id_results_summary", "返修率由4.6%降至1.2%，年减少质量损失约60万元，已修订作业指导书。")
    applicant.set_input_files("#id_files", [{**PDF, "name": "成果报告.pdf"}])
    applicant.click("main form button[type=submit]")
    assert "✔ 达到" in applicant.inner_text("body")
    submit(applicant, "提交成果材料")
    assert "成果待推荐单位评估" in applicant.inner_text("h1")

    # 11. The recommender compares measured values with targets and recommends (第十五条).
    rec.goto(f"/recommenders/projects/{project.pk}/")
    assert "✔ 达到" in rec.inner_text("#results-compare")
    for box in rec.locator("#verification-form input[type=checkbox]").all():
        box.check()
    rec.fill("#id_opinion", "指标全部达到目标，成效显著，同意推荐。")
    shot(rec, "flow-07-results-evaluation")
    rec.click("button[name=decision][value=recommend_results]")
    assert "成果已推荐" in rec.inner_text("h1")

    project.refresh_from_db()
    assert project.state == "results_recommended"
    assert list(project.transitions.values_list("transition", flat=True)) == [
        "submit", "return_to_applicant", "resubmit", "recommend", "approve", "publish_plan", "submit_results", "recommend_results",
    ]
    # 第二十一条: each submission kept the commitment the applicant confirmed.
    assert list(project.authenticity_commitments.values_list("transition", "confirmed_by__username")) == [
        ("submit", "wanggong"), ("resubmit", "wanggong"), ("submit_results", "wanggong"),
    ]
    applicant.goto(f"/projects/{project.pk}/")
    shot(applicant, "flow-08-applicant-timeline")
    applicant.goto("/projects/")
    assert "成果已推荐" in applicant.inner_text("table.list")
    shot(applicant, "flow-09-my-projects")
