from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("join/", views.join, name="join"),
    path("mine/", views.mine, name="mine"),
]
