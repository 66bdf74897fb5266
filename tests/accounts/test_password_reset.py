"""Password reset by e-mail, in Chinese and in the portal's layout."""

import re

from django.core import mail
from django.urls import reverse


def test_login_page_offers_the_reset(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accounts:password_reset")}"' in page and "忘记密码" in page


def test_reset_mail_flow(client, applicant, settings):
    settings.SITE_URL = "https://tjqa.example.cn"
    applicant.email = "zhang@example.cn"
    applicant.save()
    form = client.get(reverse("accounts:password_reset")).content.decode()
    assert "找回密码" in form and "Django" not in form
    sent = client.post(reverse("accounts:password_reset"), {"email": "zhang@example.cn"}, follow=True)
    assert "请查收邮件" in sent.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zhang@example.cn"] and message.subject == "天津市质量攻关平台：重设密码"
    assert applicant.username in message.body
    link = re.search(r"https://tjqa\.example\.cn(/accounts/password/reset/\S+/)", message.body).group(1)

    confirm = client.get(link, follow=True)
    assert "设置新密码" in confirm.content.decode()
    done = client.post(
        confirm.redirect_chain[-1][0], {"new_password1": "Xin!mima2026", "new_password2": "Xin!mima2026"}, follow=True
    )
    assert "密码已重设" in done.content.decode()
    applicant.refresh_from_db()
    assert applicant.check_password("Xin!mima2026")
    # The link works once.
    again = client.get(link, follow=True)
    assert "链接已失效" in again.content.decode()


def test_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    sent = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.cn"}, follow=True)
    assert "请查收邮件" in sent.content.decode()
    assert mail.outbox == []
