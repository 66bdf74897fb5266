def portal(request):
    """The navigation needs the user's roles; computed once per request."""
    user = getattr(request, "user", None)
    return {"site_name": "天津市质量攻关管理平台", "nav_user": user}
