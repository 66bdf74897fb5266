"""The one access decorator of the screens: a view opens for a user the domain policy allows
(django-rules permissions declared in each domain app's ``policy.py``). Anonymous users go
to the login page; others without the permission get the 403 page with the reason."""

from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

STAFF_ONLY = "仅市市场监管委和第三方机构可以访问此页面。"
COMMISSION_ONLY = "此为市市场监管委的最终决定事项，第三方机构仅办理事务性工作（第五条、第十一条）。"


def permission_required(perm, message="您无权访问此页面。"):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            # The rule itself: a superuser is not thereby commission, agency or expert.
            if not rules.has_perm(perm, request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# 第五条(二): the commission, and the agency working on its behalf.
staff_required = permission_required("accounts.programme_staff", STAFF_ONLY)
commission_required = permission_required("accounts.commission", COMMISSION_ONLY)
agency_required = permission_required("accounts.agency")
expert_required = permission_required("accounts.expert")
