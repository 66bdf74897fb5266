from django import template

from apps.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_unread(context):
    """The header's unread count, computed once per request."""
    request = context.get("request")
    user = context.get("user")
    if request is None or user is None:
        return 0
    if not hasattr(request, "_tjqa_unread"):
        request._tjqa_unread = unread_count(user)
    return request._tjqa_unread
