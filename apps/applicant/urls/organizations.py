from django.urls import path

from apps.applicant.views import organizations

app_name = "organizations"
urlpatterns = [
    path("register/", organizations.register, name="register"),
    path("join/", organizations.join, name="join"),
    path("mine/", organizations.mine, name="mine"),
    path("mine/join-code/", organizations.renew_join_code, name="renew_join_code"),
]
