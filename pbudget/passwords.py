"""Passwords as the NCSC advises: long enough, no composition rules, no obvious words, no expiry."""

import re

from django.core.exceptions import ValidationError

PERSON_MIN = 8
STAFF_MIN = 12  # staff reach many people's records


class NCSCPasswordValidator:
    """At least 8 characters for people and 12 for council staff; not built on the service's own words."""

    def validate(self, password, user=None):
        from pbudget.accounts.two_factor import STAFF_ROLES  # planners reach people's plans too

        minimum = STAFF_MIN if user is not None and getattr(user, "role", None) in STAFF_ROLES else PERSON_MIN
        if len(password) < minimum:
            raise ValidationError(f"Your password must be {minimum} characters or more", code="password_too_short")
        squashed = re.sub(r"[^a-z]", "", password.lower())
        for word in self._context_words(user):
            if word and word in squashed:
                raise ValidationError(
                    "Your password must not contain the word “password”, your name or your council's name",
                    code="password_context",
                )

    @staticmethod
    def _context_words(user):
        words = {"password", "passw0rd"}
        council = getattr(user, "council", None) if user is not None else None
        if council is not None:
            words |= {part for part in re.findall(r"[a-z]+", council.name.lower()) if len(part) >= 5 and part != "council"}
        if user is not None and getattr(user, "full_name", ""):
            words |= {part for part in re.findall(r"[a-z]+", user.full_name.lower()) if len(part) >= 4}
        return words

    def get_help_text(self):
        return (
            f"Use at least {PERSON_MIN} characters ({STAFF_MIN} for council staff). A few random words together "
            "make a strong password you can remember. Do not use the word “password”, your name or your council's name."
        )
