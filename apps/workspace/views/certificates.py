"""The awards, certificates and objections of the signed-in organisation or recommending unit."""

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from apps.awards import selectors


@login_required
def download(request, pk):
    """A certificate PDF, for whom ``certificates_for_user`` allows (the awarded organisation, the
    unit that recommended the project, the best-organisation unit, staff); a revoked award
    (第二十一条) is no longer handed out, except to staff."""
    cert = get_object_or_404(selectors.certificates_for_user(request.user), pk=pk)
    if cert.is_revoked and not rules.has_perm("awards.see_revoked", request.user):
        raise Http404("该证书所涉奖项已被撤销（第二十一条）")
    if not cert.pdf:
        raise Http404("证书尚未生成")
    return FileResponse(cert.pdf.open("rb"), as_attachment=True, filename=f"{cert.serial}.pdf", content_type="application/pdf")


@login_required
def mine(request):
    """The applicant's awards, certificates, objections (without the objector) and ban; the
    recommender unit's best-organisation certificates and, read-only, the certificates of the
    awarded projects it recommended."""
    user = request.user
    if not rules.has_perm("awards.see_own", user):
        raise PermissionDenied("仅申报组织和推荐单位可访问。")
    projects = []
    objections_list = []
    if rules.has_perm("accounts.of_an_organization", user):
        projects = selectors.organization_results(user)
        objections_list = selectors.objections_against_organization(user.organization_id)
    recommended = selectors.recommended_certificates(user)
    return render(
        request,
        "workspace/awards/mine.html",
        {
            "projects": projects,
            "certificates": selectors.certificate_rows(selectors.own_certificates(user)).order_by("-campaign__year", "serial"),  # as the results above
            "recommended_certificates": recommended,
            "objections": objections_list,
            "ban": selectors.active_ban_for(user.organization_id) if rules.has_perm("accounts.applicant", user) else None,
        },
    )
