"""已锁定账号: the commission sees the accounts locked by repeated wrong passwords and unlocks
them early (the rule and the permission: apps.accounts.lockout)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts import lockout
from apps.common.access import permission_required
from apps.common.pagination import paginate


@permission_required("accounts.unlock", "只有市市场监管委可以解除账号锁定。")
def locked_accounts(request):
    page = paginate(request, lockout.locked_attempts())
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
