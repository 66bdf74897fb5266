from django.contrib.auth import views as auth_views
from django.urls import path

from apps.workspace.views import accounts

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", accounts.PasswordChange.as_view(), name="password_change"),
    path("password/reset/", accounts.PasswordReset.as_view(), name="password_reset"),
    path("password/reset/sent/", accounts.PasswordResetDone.as_view(), name="password_reset_done"),
    path("password/reset/<str:uidb64>/<str:token>/", accounts.PasswordResetConfirm.as_view(), name="password_reset_confirm"),
    path("password/reset/done/", accounts.PasswordResetComplete.as_view(), name="password_reset_complete"),
    path("otp/setup/", accounts.otp_setup, name="otp_setup"),
    path("otp/verify/", accounts.otp_verify, name="otp_verify"),
]
