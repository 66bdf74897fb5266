"""Account screens beyond Django's defaults."""

from django.contrib.auth.views import PasswordChangeView
from django.contrib.messages.views import SuccessMessageMixin
from django.urls import reverse_lazy


class PasswordChange(SuccessMessageMixin, PasswordChangeView):
    """修改密码, in the portal's layout (not the admin's)."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("portal:workbench")
    success_message = "密码已修改，下次登录请使用新密码。"
