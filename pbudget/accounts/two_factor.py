"""
Two-factor sign-in: a TOTP authenticator app, with single-use backup codes (django-otp).

Council staff (social workers, managers, administrators, planners, and anyone with Django admin
access) must pass the second factor before any page but sign-in, the two-factor step and sign-out;
people and representatives may turn it on. Whether a session has passed it lives in the session
(server-side, like Django's own `_auth_user_id`) under django-otp's own key, so checking it costs
no query on each page: django-otp's OTPMiddleware would load the device on every request.
"""

import base64
import re
import time

import django_otp
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pbudget.models import AuditEntry, Role

STAFF_ROLES = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.COUNCIL_ADMIN, Role.PLANNER})
# Set at sign-in: True when this user must pass the second factor (staff, or a person who turned it on).
REQUIRED_KEY = "second_factor_required"
APP_DEVICE = "Authenticator app"
DEMO_DEVICE = "Demo authenticator"  # seed_demo's, with a published secret
BACKUP_DEVICE = "Backup codes"
BACKUP_CODES = 10


def is_required_by_role(user) -> bool:
    return user.role in STAFF_ROLES or user.is_staff or user.is_superuser


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def session_needs_second_factor(request) -> bool:
    """True while this signed-in session still has to pass the second factor."""
    user = request.user
    if request.session.get(DEVICE_ID_SESSION_KEY):
        return False
    return is_required_by_role(user) or bool(request.session.get(REQUIRED_KEY))


def session_start(sender, request, user, **kwargs):
    """
    On sign-in with a password (connected to `user_logged_in`): the session starts unverified,
    and remembers whether this user must pass the second factor (one query, at sign-in only).
    """
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session[REQUIRED_KEY] = is_required_by_role(user) or has_second_factor(user)


def session_mark_verified(request, device) -> None:
    """The second factor passed: a new session id (the session gained privilege), then mark it."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[REQUIRED_KEY] = True


def normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def second_factor_verify(*, user, code: str):
    """
    The device that accepts `code` (a 6-digit app code, or an unused backup code, which is then
    used up), or None. Devices are locked while checking, so one code can't be used twice at once;
    django-otp's throttling slows repeated failures (each failure doubles the wait).
    """
    code = normalise(code)
    if not code:
        return None
    model = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    with transaction.atomic():
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
    return None


def second_factor_throttled(*, user) -> bool:
    """True when django-otp is making this user wait after failed codes."""
    devices = [*TOTPDevice.objects.filter(user=user, confirmed=True), *StaticDevice.objects.filter(user=user, confirmed=True)]
    return any(not device.verify_is_allowed()[0] for device in devices)


def totp_device_pending(*, user) -> TOTPDevice:
    """The unconfirmed authenticator-app device being set up (a fresh secret if there is none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def current_code(device) -> str:
    """
    A code the device would accept now (the demo shows it; browser tests type it): the app's
    current code, or, when that one was just used (django-otp refuses a code twice), the next
    one, which it accepts a step early (the device's tolerance).
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = totp.t()
    if device.last_t is not None and device.last_t >= now:
        totp.time = time.time() + device.step * (device.last_t - now + 1)
    return f"{totp.token():0{device.digits}d}"


def secret_for_people(device) -> str:
    """The secret as an authenticator app asks for it when typed: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def totp_device_confirm(*, user, code: str, actor) -> list[str] | None:
    """
    Confirm the pending authenticator app with a code from it. Returns the new backup codes (to
    show once), or None if the code is wrong. Guarantees: in one transaction, the user then has
    exactly one confirmed app and one set of backup codes; earlier ones are removed; audited.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
        if device is None or not device.verify_token(normalise(code)):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _backup_codes_replace(user)
        _audit(actor, "Two-factor sign-in set up")
    return codes


def backup_codes_renew(*, user, actor) -> list[str]:
    """New backup codes, replacing every earlier one (shown once). Audited."""
    with transaction.atomic():
        codes = _backup_codes_replace(user)
        _audit(actor, "New backup codes made")
    return codes


def backup_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_turn_off(*, user, actor) -> None:
    """Remove the app and backup codes. Only for people: staff can't turn it off. Audited."""
    if is_required_by_role(user):
        raise ValueError("Council staff must use two-factor sign-in")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _audit(actor, "Two-factor sign-in turned off")


def _backup_codes_replace(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _audit(actor, what):
    AuditEntry.objects.create(user=actor, council_id=actor.council_id, person=None, action=AuditEntry.Action.CHANGE, what=what)
