def site(request):
    user = getattr(request, "user", None)
    council = getattr(user, "council", None) if user and user.is_authenticated else None
    return {"service_name": "Personal budgets", "council": council}
