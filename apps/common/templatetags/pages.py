"""``{% page_url number param %}``: the current URL's query with one page number changed, so a
screen with two paginated lists keeps each list's page (and the filters) in the address."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number, param="page"):
    query = context["request"].GET.copy()
    query[param or "page"] = number
    return "?" + query.urlencode()
