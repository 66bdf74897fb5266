"""已锁定账号: the commission sees the accounts locked by repeated wrong passwords and unlocks
them early (the rule and the permission: apps.accounts.lockout)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts import lockout

PAGE_SIZE = 50


@login_required
def locked_accounts(request):
    if not lockout.may_unlock(request.user):
        raise PermissionDenied("只有市市场监管委可以解除账号锁定。")
    page = Paginator(lockout.locked_attempts(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "office/accounts/locked.html", {"page": page})


@login_required
@require_POST
def unlock_account(request):
    username = request.POST.get("username", "")
    if lockout.unlock(username=username, actor=request.user):
        messages.success(request, f"账号“{username}”已解除锁定，可以重新登录。")
    else:
        messages.info(request, f"账号“{username}”当前未被锁定。")
    return redirect("accounts:locked")
