"""
The address a request came from, for sign-in throttling (django-axes' AXES_CLIENT_IP_CALLABLE).

django-ipware isn't installed, so without this axes would count every failure against
REMOTE_ADDR: behind a proxy that is the proxy's own address, and one person's typos would lock
everyone out. Each proxy appends the address it received the request from to X-Forwarded-For,
so with PROXY_COUNT proxies in front the client is the PROXY_COUNT-th entry from the right;
anything further left was written by the client and can't be trusted.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    count = settings.AXES_IPWARE_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # the proxies are not as configured: trust only what we can see
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
