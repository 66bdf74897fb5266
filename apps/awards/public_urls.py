"""Stable public addresses at the site root (DESIGN.md §4)."""

from django.urls import path  # noqa: F401

urlpatterns = []
