import rules
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.awards.selectors import active_ban_for
from apps.campaigns.models import Campaign
from apps.common.pagination import page_size
from apps.projects.selectors import project_list, visible_projects

from apps.workspace import todo as selectors


@login_required
def workbench(request):
    """Each user's start page: what waits for them."""
    campaign = Campaign.objects.current()
    visible = visible_projects(request.user)  # built once for the list and the counts
    projects = project_list(request.user, visible=visible)[: page_size(20)]  # the newest; the project list has them all
    of_an_organization = rules.has_perm("accounts.of_an_organization", request.user)
    # 第二十一条: read with the organisation's credit code, the organisation not loaded.
    ban = active_ban_for(request.user.organization_id) if of_an_organization else None
    return render(
        request,
        "workspace/portal/workbench.html",
        {
            "campaign": campaign,
            "projects": projects,
            "todo": selectors.todo(request.user, campaign, visible),
            "may_apply": of_an_organization and request.user.organization_id is not None and campaign is not None and ban is None,
            "ban": ban,
        },
    )


