"""Stable public addresses at the site root (DESIGN.md §4): the notice, objections, verification."""

from django.urls import path

from apps.public.views import awards, notice

app_name = "awards_public"
urlpatterns = [
    path("notice/<int:year>/", notice.notice, name="notice"),
    path("notice/<int:year>/export.xlsx", awards.notice_export, name="notice_export"),
    path("notice/<int:year>/objection/", notice.objection, name="objection"),
    path("notice/<int:year>/objection/<str:code>/", notice.objection_receipt, name="objection_receipt"),
    path("objections/status/", notice.objection_status, name="objection_status"),
    path("verify/", notice.verify_form, name="verify_form"),
    path("verify/<str:code>/", notice.verify, name="verify"),
]
