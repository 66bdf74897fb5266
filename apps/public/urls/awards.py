"""The public part of the ``awards`` namespace: the announced lists (第十八条)."""

from django.urls import path

from apps.public.views import awards

urlpatterns = [
    path("", awards.index, name="index"),
    path("<int:year>/", awards.results, name="results"),
    path("<int:year>/export.xlsx", awards.results_export, name="results_export"),
]
