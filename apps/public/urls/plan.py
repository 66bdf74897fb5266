"""Stable public addresses at the site root (DESIGN.md §4): the published project plan (第十一条)."""

from django.urls import path

from apps.public.views import plan

urlpatterns = [
    path("plan/", plan.plan_index, name="plan_index"),
    path("plan/<int:year>/", plan.plan, name="plan"),
    path("plan/<int:year>/export.xlsx", plan.plan_export, name="plan_export"),
]
