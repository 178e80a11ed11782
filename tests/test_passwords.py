"""NCSC password guidance: length over complexity, and no obvious words."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


def _refused(password, user):
    with pytest.raises(ValidationError) as refusal:
        validate_password(password, user)
    return " ".join(refusal.value.messages)


def test_people_need_8_characters_and_staff_12(p):
    assert "8 characters or more" in _refused("tulip7x", p.alice)
    validate_password("tulip7xz", p.alice)  # no composition rules: 8 letters and digits will do
    assert "12 characters or more" in _refused("tulipboatxz", p.wendy)
    validate_password("tulip boat lantern", p.wendy)


@pytest.mark.parametrize("password", ["MyPassword123!", "northshire rocks 2026", "alice adams forever"])
def test_context_words_are_refused(p, password):
    assert "must not contain" in _refused(password, p.alice)


def test_common_passwords_are_refused(p):
    assert "too common" in _refused("iloveyou123", p.alice)
