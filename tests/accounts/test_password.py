"""Every user can change the password in the portal's own layout."""

from django.urls import reverse


def test_password_change_in_the_portal_layout(client, applicant):
    client.force_login(applicant)
    workbench = client.get(reverse("portal:workbench")).content.decode()
    assert f'href="{reverse("accounts:password_change")}"' in workbench
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "修改密码" in page and "Django" not in page
    wrong = client.post(reverse("accounts:password_change"), {"old_password": "x", "new_password1": "Tj!2026abcd", "new_password2": "Tj!2026abcd"})
    assert wrong.status_code == 200 and "has-error" in wrong.content.decode()
    done = client.post(
        reverse("accounts:password_change"), {"old_password": "pass-1234", "new_password1": "Tj!2026abcd", "new_password2": "Tj!2026abcd"}, follow=True
    )
    assert done.redirect_chain[-1][0] == reverse("portal:workbench") and "密码已修改" in done.content.decode()
    applicant.refresh_from_db()
    assert applicant.check_password("Tj!2026abcd")
