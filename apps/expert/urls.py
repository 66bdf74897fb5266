"""The expert's part of the ``experts`` namespace."""

from django.urls import path

from apps.expert import views

urlpatterns = [
    path("", views.my_reviews, name="my_reviews"),
    path("pledge/<int:campaign_pk>/", views.pledge, name="pledge"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("review/<int:pk>/", views.review, name="review"),
    path("review/<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("review/<int:pk>/recuse/", views.recuse, name="recuse"),
    path("scores/<int:pk>/", views.score_detail, name="score_detail"),
]
