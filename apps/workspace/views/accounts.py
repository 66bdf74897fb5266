"""Account screens beyond Django's defaults: password change and reset in the portal's layout,
and the second factor (enrol, verify)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import match_token

from apps.accounts import second_factor
from apps.workspace.forms import TokenForm


class PasswordChange(SuccessMessageMixin, auth_views.PasswordChangeView):
    """修改密码, in the portal's layout (not the admin's)."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("portal:workbench")
    success_message = "密码已修改，下次登录请使用新密码。"


class PasswordReset(auth_views.PasswordResetView):
    """找回密码: a link to set a new password goes to the account's e-mail address. The page
    says the same whether or not the address is known."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # The link in the mail points at the public address, whatever Host the request named.
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        return super().form_valid(form)


class PasswordResetDone(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


def _next(request, default="portal:workbench"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@login_required
def otp_setup(request):
    """绑定身份验证器: scan the QR code (or type the secret) into an authenticator app, then
    confirm with the first code it shows."""
    if second_factor.confirmed_device(request.user):
        return redirect(f"{reverse_lazy('accounts:otp_verify')}?next={_next(request, '')}")
    device = second_factor.enrolment_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.confirm(device, form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, "身份验证器已绑定。今后登录时，请在输入密码后输入其显示的动态口令。")
            return redirect(_next(request))
        form.add_error("token", "动态口令不正确或已过期，请输入身份验证器上当前显示的6位数字。")
    return render(
        request,
        "registration/otp_setup.html",
        {"form": form, "qr_svg": second_factor.qr_svg(device), "secret": second_factor.secret_text(device), "next": _next(request, "")},
    )


@login_required
def otp_verify(request):
    """输入动态口令: the second step of signing in."""
    if not second_factor.confirmed_device(request.user):
        return redirect("accounts:otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, second_factor.clean_token(form.cleaned_data["token"]))
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", "动态口令不正确或已过期（连续输错后需稍候再试），请输入身份验证器上当前显示的6位数字。")
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next(request, "")})
