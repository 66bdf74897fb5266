"""Sign-up (register an organisation, or join one) and the organisation's own page."""

import rules
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.organizations import services
from apps.applicant.forms.organizations import AccountForm, JoinForm, OrganizationContactForm, OrganizationForm

BACKEND = "apps.accounts.backends.AccountBackend"


def _signed_in(request):
    return request.user.is_authenticated


def register(request):
    """登记新组织: a new organisation (第七条(一)) and its first user."""
    if _signed_in(request):
        return redirect("organizations:mine")
    account = AccountForm(request.POST or None, prefix="user")
    org = OrganizationForm(request.POST or None, prefix="org")
    if request.method == "POST" and account.is_valid() and org.is_valid():
        fields = {name: org.cleaned_data[name] for name in OrganizationForm.Meta.fields}
        user, organization = services.register_organization(organization_fields=fields, **account.account_fields())
        login(request, user, backend=BACKEND)
        messages.success(request, f"“{organization.name}”已登记，您已登录。现在可以填写质量攻关项目申报。")
        return redirect("organizations:mine")
    if request.method == "POST":
        messages.error(request, "有填写内容需要修改，请查看标红的项目。")
    return render(request, "applicant/organizations/register.html", {"account": account, "org": org})


def join(request):
    """加入已登记组织: a colleague signs up with the organisation's credit code and join code."""
    if _signed_in(request):
        return redirect("organizations:mine")
    account = AccountForm(request.POST or None, prefix="user")
    form = JoinForm(request.POST or None, prefix="join")
    if request.method == "POST" and account.is_valid() and form.is_valid():
        organization = form.cleaned_data["organization"]
        user = services.join_organization(organization=organization, **account.account_fields())
        login(request, user, backend=BACKEND)
        messages.success(request, f"您已加入“{organization.name}”，可以查看和办理本组织的申报项目。")
        return redirect("organizations:mine")
    if request.method == "POST":
        messages.error(request, "有填写内容需要修改，请查看标红的项目。")
    return render(request, "applicant/organizations/join.html", {"account": account, "form": form})


@login_required
def mine(request):
    """本组织: the organisation's details, its members, the join code and any 第二十一条 ban."""
    organization = request.user.organization
    if not rules.has_perm("organizations.view_own", request.user):
        raise Http404("您不属于任何申报组织")
    form = OrganizationContactForm(request.POST or None, instance=organization)
    if request.method == "POST":
        if form.is_valid():
            services.update_contact(organization=organization, actor=request.user, **form.cleaned_data)
            messages.success(request, "联系信息已更新。")
            return redirect("organizations:mine")
        messages.error(request, "有填写内容需要修改，请查看标红的项目。")
    return render(
        request,
        "applicant/organizations/mine.html",
        {
            "organization": organization,
            "members": organization.members.order_by("date_joined"),
            "join_code": organization.join_code,
            "may_renew_join_code": services.may_renew_join_code(request.user, organization),
            "ban": organization.active_ban(),
            "form": form,
        },
    )


@login_required
@require_POST
def renew_join_code(request):
    """更新加入码: the organisation's administrator replaces the code; the old one stops working."""
    organization = request.user.organization
    if not rules.has_perm("organizations.view_own", request.user):
        raise Http404("您不属于任何申报组织")
    services.renew_join_code(organization=organization, actor=request.user)
    messages.success(request, "加入码已更新，原加入码即时失效。请把新加入码告知需要加入的同事。")
    return redirect("organizations:mine")
