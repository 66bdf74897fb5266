import rules


class _AppPolicy:
    """``may.<app>.<name>``: asks the domain policy for ``<app>.<name>``, once a request."""

    def __init__(self, user, app):
        self.user, self.app, self._answers = user, app, {}

    def __getitem__(self, name):
        if name not in self._answers:
            self._answers[name] = rules.has_perm(f"{self.app}.{name}", self.user)
        return self._answers[name]

    def __iter__(self):  # ``{% for %}`` must not loop over __getitem__
        raise TypeError("may.<app> is not iterable")


class Policy:
    """The permission policy in templates, ``{% if may.review.operate %}``: the django-rules
    permissions the views and services ask (the rule itself, so a superuser is not thereby
    commission, agency or expert)."""

    def __init__(self, user):
        self.user, self._apps = user, {}

    def __getitem__(self, app):
        if app not in self._apps:
            self._apps[app] = _AppPolicy(self.user, app)
        return self._apps[app]

    def __iter__(self):
        raise TypeError("may is not iterable")


def portal(request):
    """The site's name, the user for the navigation and ``may``, the permission policy."""
    user = getattr(request, "user", None)
    return {"site_name": "天津市质量攻关管理平台", "nav_user": user, "may": Policy(user)}
