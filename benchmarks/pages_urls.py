"""The portal's URLs plus the floor view the page benchmark compares against."""

from django.urls import path

from benchmarks.pages import floor_view
from tjqa.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("__floor__/<int:n>/", floor_view)] + portal_urlpatterns
