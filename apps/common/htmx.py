"""Screens that answer htmx and a plain page load at one address."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def part_or_page(request, part, page, context):
    """``part`` alone for htmx, which puts it in place on the screen that asked; ``page`` (the
    part within a page of its own) where JavaScript is off. One address, two bodies: the
    response varies on HX-Request, so a cache never hands the part alone to a page load."""
    response = render(request, part if request.htmx else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
