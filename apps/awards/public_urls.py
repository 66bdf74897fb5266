"""Stable public addresses at the site root (DESIGN.md §4)."""

from django.urls import path

from . import exports, public_views

app_name = "awards_public"
urlpatterns = [
    path("notice/<int:year>/", public_views.notice, name="notice"),
    path("notice/<int:year>/export.xlsx", exports.notice_export, name="notice_export"),
    path("notice/<int:year>/objection/", public_views.objection, name="objection"),
    path("notice/<int:year>/objection/<str:code>/", public_views.objection_receipt, name="objection_receipt"),
    path("verify/", public_views.verify_form, name="verify_form"),
    path("verify/<str:code>/", public_views.verify, name="verify"),
]
