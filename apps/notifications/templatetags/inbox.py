from django import template

from apps.notifications.selectors import UNREAD_BADGE_CAP, unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_unread(context):
    """The header's unread count, computed once per request: a number up to 99, "99+" above."""
    request = context.get("request")
    user = context.get("user")
    if request is None or user is None:
        return {"n": 0}
    if not hasattr(request, "_tjqa_unread"):
        count = unread_count(user, cap=UNREAD_BADGE_CAP)
        if count > UNREAD_BADGE_CAP:
            request._tjqa_unread = {"n": count, "shown": f"{UNREAD_BADGE_CAP}+", "spoken": f"{UNREAD_BADGE_CAP}条以上"}
        else:
            request._tjqa_unread = {"n": count, "shown": str(count), "spoken": f"{count}条"}
    return request._tjqa_unread
