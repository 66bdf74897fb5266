from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from apps.notifications import selectors, services
from apps.workspace.forms import PreferenceForm
from apps.notifications.models import Notification, NotificationPreference
from apps.common.pagination import paginate


# The inbox counts at most this many notifications ("1000+"): an exact count would read the
# recipient's whole history on every visit (apps.common.pagination.CappedPaginator).
INBOX_COUNT_CAP = 1000


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    page = paginate(request, selectors.inbox_for(request.user, unread_only=unread_only), per_page=30, count_cap=INBOX_COUNT_CAP)
    return render(request, "workspace/notifications/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
def open_notification(request, pk):
    """Mark one notification read and go to what it is about."""
    notification = get_object_or_404(Notification.objects.delivered(), pk=pk, recipient=request.user)
    services.mark_read(user=request.user, notification_ids=[notification.pk])
    if notification.link and url_has_allowed_host_and_scheme(notification.link, allowed_hosts={request.get_host()}):
        return redirect(notification.link)
    return render(request, "workspace/notifications/detail.html", {"n": notification})


@login_required
@require_POST
def mark_read(request):
    ids = request.POST.getlist("ids")
    count = services.mark_read(user=request.user, notification_ids=[int(i) for i in ids if i.isdigit()] if ids else None)
    messages.success(request, f"已将{count}条通知标为已读。")
    if request.htmx:
        return render(request, "partials/inbox_link.html", {})
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    pref = NotificationPreference.objects.filter(user=request.user).first() or NotificationPreference(user=request.user)
    form = PreferenceForm(request.POST or None, instance=pref)
    if request.method == "POST" and form.is_valid():
        services.save_preferences(user=request.user, **form.cleaned_data)
        messages.success(request, "邮件通知设置已保存。")
        return redirect("notifications:preferences")
    return render(request, "workspace/notifications/preferences.html", {"form": form, "has_email": bool(request.user.email)})
