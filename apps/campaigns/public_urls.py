"""Stable public addresses at the site root (DESIGN.md §4)."""

from django.urls import path

from .views import public

urlpatterns = [
    path("plan/", public.plan_index, name="plan_index"),
    path("plan/<int:year>/", public.plan, name="plan"),
    path("plan/<int:year>/export.xlsx", public.plan_export, name="plan_export"),
]
