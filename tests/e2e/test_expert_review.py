"""An expert's sitting: sign the pledge (第二十三条), score one project as a draft with the
keyboard, submit another, and recuse from a third (第二十二条)."""

import pytest

from apps.accounts.roles import Role
from apps.review import services
from apps.review.models import Panel, PanelMember, ReviewAssignment, Score
from tests.e2e.conftest import login, shot
from tests.factories import bring_to, make_user, ready_application


@pytest.fixture
def sitting(campaign, organization, recommender_unit, applicant, recommender, commission, agency):
    campaign.scorers_per_project = 2
    campaign.save(update_fields=["scorers_per_project"])
    expert, _ = services.add_expert(actor=agency, username="zhuanjia_e2e", password="pass-1234", name="张教授", employer_name="天津大学", specialties=["equipment"])
    colleague, _ = services.add_expert(actor=agency, username="colleague", password="pass-1234", name="李研究员", employer_name="南开大学", specialties=["equipment"])
    actors = {"applicant": applicant, "recommender": recommender, "commission": commission, "agency": agency}
    titles = ["降低焊接返修率", "提高一次交检合格率", "缩短换线时间"]
    projects = []
    for title in titles:
        p = ready_application(campaign=campaign, organization=organization, recommender=recommender_unit, created_by=applicant, title=title)
        projects.append(bring_to(p, "results_recommended", actors=actors))
    panel = Panel.objects.create(campaign=campaign, name="装备制造评审组", specialty="equipment", chair=expert, created_by=agency)
    for e in (expert, colleague):
        PanelMember.objects.create(panel=panel, expert=e)
    services.assign_projects(panel=panel, projects=projects, actor=agency, seed="e2e")
    spare, _ = services.add_expert(actor=agency, username="spare", password="pass-1234", name="王高工", employer_name="天津理工大学", specialties=["equipment"])
    services.add_panel_member(panel=panel, expert=spare, actor=agency)
    return {"expert": expert, "projects": projects, "spare": spare, "other": make_user(Role.APPLICANT)}


def test_expert_signs_scores_and_recuses(new_page, sitting, campaign):
    expert = sitting["expert"]
    a1, a2, a3 = (ReviewAssignment.objects.get(expert=expert, project=p) for p in sitting["projects"])
    page = new_page()
    page.on("dialog", lambda d: d.accept())
    login(page, expert.user.username)
    page.goto("/experts/")
    assert "请先签署保密承诺" in page.inner_text("main")
    # Opening a project before the pledge leads to the pledge.
    page.click(f"a[href='/experts/review/{a1.pk}/'] >> nth=0")
    assert "/experts/pledge/" in page.url
    shot(page, "expert_review_01_pledge")
    page.click("button:has-text('签署承诺')")
    assert "请勾选" in page.inner_text("main")
    page.check("#agree")
    page.click("button:has-text('签署承诺')")
    page.wait_for_load_state("networkidle")
    assert f"/experts/review/{a1.pk}/" in page.url

    # Project 1: a draft, typed with the keyboard and saved with Ctrl+S (htmx, in place).
    first_input = page.locator("#score-form input[type=number]").first
    first_input.focus()
    for value in ["12", "25", "16"]:
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    assert page.inner_text("#score-total") == "53.00"
    page.keyboard.press("Control+s")
    page.wait_for_selector("text=草稿已保存")
    shot(page, "expert_review_02_draft_saved")
    score1 = Score.objects.get(assignment=a1)
    assert score1.status == "draft" and score1.items.count() == 3
    # Enter in a score box saves the draft too.
    page.locator("#score-form input[type=number]").nth(3).fill("15")
    page.locator("#score-form input[type=number]").nth(3).press("Enter")
    # A locator, not wait_for_function: the Content Security Policy forbids evaluating strings.
    page.locator("#score-form .messages", has_text="68.00").wait_for()
    assert Score.objects.get(assignment=a1).items.count() == 4

    # Project 2: every criterion, a comment, submitted (locked).
    page.click("#next-project")
    page.wait_for_load_state("networkidle")
    assert f"/experts/review/{a2.pk}/" in page.url
    for i, el in enumerate(page.locator("#score-form input[type=number]").all()):
        el.fill(str([14, 27, 18, 17, 4, 8][i]))
    page.fill("#comment", "原因分析透彻，效果显著。")
    page.click("#submit-score")
    page.wait_for_selector("text=评分已提交并锁定")
    shot(page, "expert_review_03_submitted")
    score2 = Score.objects.get(assignment=a2)
    assert score2.status == "submitted" and float(score2.total) == 88.0
    assert page.locator("#score-form input[type=number]").first.is_disabled()

    # Project 3: recuse with a reason; a replacement is drawn.
    page.goto(f"/experts/review/{a3.pk}/")
    page.fill("#recuse-reason", "近3年曾为该单位提供咨询服务")
    page.click("#recuse-form button")
    page.wait_for_load_state("networkidle")
    assert "已回避该项目" in page.inner_text("main")
    shot(page, "expert_review_04_recused")
    a3.refresh_from_db()
    assert a3.status == "recused" and a3.replaced_by.expert == sitting["spare"]
    body = page.inner_text("main")
    assert "已提交 1 / 2" in body.replace("\n", " ") or "已提交 1 / 2" in body


def test_a_conflict_declared_after_assignment_is_replaced_and_the_replacement_scores(new_page, sitting, campaign, organization):
    """第二十二条 live: 李研究员 declares a conflict with the applicant after being assigned its
    projects; the assignments end at once, the material is refused, 王高工 is drawn in their
    place and scores."""
    colleague = ReviewAssignment.objects.filter(project=sitting["projects"][0]).exclude(expert=sitting["expert"]).get().expert
    withdrawn = list(ReviewAssignment.objects.filter(expert=colleague).order_by("pk"))
    assert len(withdrawn) == 3
    page = new_page()
    login(page, colleague.user.username)
    page.goto("/experts/conflicts/")
    page.select_option("#id_organization", str(organization.pk))
    page.fill("#id_reason", "配偶在该单位任职")
    page.click("button:has-text('申报')")
    page.wait_for_load_state("networkidle")
    assert "已分配给您的3个该单位项目已立即回避" in page.inner_text("main")
    shot(page, "expert_review_05_conflict_declared")
    # The review screen refuses the material now.
    page.goto(f"/experts/review/{withdrawn[0].pk}/")
    page.wait_for_load_state("networkidle")
    assert "/experts/review/" not in page.url
    assert "不能再查看其评审材料" in page.inner_text("main")
    for a in withdrawn:
        a.refresh_from_db()
        assert a.status == "recused" and a.replaced_by.expert == sitting["spare"]

    # The replacement signs the pledge and scores the first project.
    new = withdrawn[0].replaced_by
    spare = new_page()
    login(spare, sitting["spare"].user.username)
    spare.goto(f"/experts/review/{new.pk}/")
    spare.check("#agree")
    spare.click("button:has-text('签署承诺')")
    spare.wait_for_load_state("networkidle")
    assert f"/experts/review/{new.pk}/" in spare.url
    for i, el in enumerate(spare.locator("#score-form input[type=number]").all()):
        el.fill(str([14, 27, 18, 17, 4, 8][i]))
    spare.fill("#comment", "措施有效，数据可信。")
    spare.click("#submit-score")
    spare.wait_for_selector("text=评分已提交并锁定")
    shot(spare, "expert_review_06_replacement_scored")
    score = Score.objects.get(assignment=new)
    assert score.status == "submitted" and float(score.total) == 88.0
