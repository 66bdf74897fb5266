"""The programme office's part of the ``awards`` namespace: decisions, objections, certificates, revocation."""

from django.urls import path

from apps.office.views import award_exports as exports
from apps.office.views import awards as views

urlpatterns = [
    path("manage/", views.manage, name="manage"),
    path("manage/<int:year>/", views.decide, name="decide"),
    path("manage/<int:year>/export.xlsx", exports.decide_export, name="decide_export"),
    path("manage/entries/<int:pk>/level/", views.set_level, name="set_level"),
    path("manage/best/<int:pk>/", views.set_best, name="set_best"),
    path("manage/<int:year>/certificates/", views.certificates, name="certificates"),
    path("manage/<int:year>/certificates/export.xlsx", exports.certificates_export, name="certificates_export"),
    path("manage/runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("manage/objections/", views.objection_list, name="objections"),
    path("manage/objections/export.xlsx", exports.objections_export, name="objections_export"),
    path("manage/objections/<int:pk>/", views.objection_detail, name="objection"),
    path("manage/objections/<int:pk>/attachment/", views.objection_attachment, name="objection_attachment"),
    path("manage/projects/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("manage/revocations/<int:pk>/evidence/", views.revocation_evidence, name="revocation_evidence"),
]
