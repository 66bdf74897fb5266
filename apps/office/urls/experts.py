"""The programme office's part of the ``experts`` namespace: the pool, panels and results."""

from django.urls import path

from apps.office.views import review as views

urlpatterns = [
    # the pool (第五条(三))
    path("pool/", views.expert_list, name="expert_list"),
    path("pool/add/", views.expert_add, name="expert_add"),
    path("pool/export/", views.expert_export, name="expert_export"),
    path("pool/import/", views.expert_import, name="expert_import"),
    path("pool/<int:pk>/", views.expert_detail, name="expert_detail"),
    path("pool/<int:pk>/status/", views.expert_status, name="expert_status"),
    # panels
    path("panels/", views.panel_list, name="panel_list"),
    path("panels/<int:pk>/", views.panel_detail, name="panel_detail"),
    path("panels/<int:pk>/assign/", views.panel_assign, name="panel_assign"),
    path("panels/<int:pk>/chair/", views.panel_chair, name="panel_chair"),
    path("panels/<int:pk>/members/", views.panel_add_member, name="panel_add_member"),
    path("panels/<int:pk>/projects/<int:project_pk>/top-up/", views.project_top_up, name="project_top_up"),
    path("assignments/<int:pk>/recuse/", views.assignment_recuse, name="assignment_recuse"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("scores/<int:pk>/reopen/", views.score_reopen, name="score_reopen"),
    path("projects/<int:project_pk>/scores/", views.project_scores, name="project_scores"),
    path("audit/", views.audit_trail, name="audit"),
    # results (第十六条)
    path("results/", views.results, name="results"),
    path("results/export/", views.results_export, name="results_export"),
    path("results/close/", views.close, name="close"),
    path("results/entries/<int:pk>/adjust/", views.adjust, name="adjust"),
]
