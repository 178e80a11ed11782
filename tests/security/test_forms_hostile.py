"""
Every form the service shows (tests/security/forms_world.py), sent hostile input one field at a
time while the others hold what a user would send, so each value reaches as far into the view and
service as it can: NUL bytes (PostgreSQL can't store them: a clear form error, never a 500),
control and bidirectional characters, markup, 20,000 characters, numbers at and past the limits.
Then hypothesis (derandomised, so CI runs the same examples every time) spoils every field of
every form at once. Zero server errors; our markup never comes back unescaped. Fields the page
doesn't show are tests/security/test_forms_extras.py's business.
"""

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.authz_world import build
from tests.security.forms_world import all_forms, more_pages, sign_in

MARKUP = '<script>alert("pb-fuzz")</script>'
NUL = "a\x00b"
TEXT = [NUL, "\x01\x07\x1b[31m\x7f\u202e\ufeff\u2028end", MARKUP, "x" * 20_000]
NUMBERS = ["-1", "0", "2147483648", "9" * 30, "1e308", "NaN", "-0.001", "£1,000.999", "١٢٣"]
CHOICES = [NUL, MARKUP, "9" * 30]
NUMERIC_KINDS = {"numeric", "decimal", "number"}
EXAMPLES = 25  # hypothesis rounds over every field of every form at once

hostile_text = st.one_of(
    st.text(min_size=0, max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"]), min_size=1, max_size=20),
    st.sampled_from(TEXT + NUMBERS + ["\u202e\u0000\ufeff"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def _catalogue(kind):
    if kind == "file":
        return []
    if kind in ("radio", "select", "checkbox"):
        return CHOICES
    return TEXT + NUMBERS if kind in NUMERIC_KINDS else TEXT + NUMBERS[:4]


def _post(client, form, data):
    sign_in(client, form.user)
    with transaction.atomic():
        response = client.post(form.action, data)
        transaction.set_rollback(True)
    return response


def _error_shown(response):
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    return b"govuk-error-message" in response.content or b"govuk-error-summary" in response.content or any(
        message.level >= 40 for message in queued
    )


def _check(form, name, value, response, problems):
    where = f"{form.view} ({form.page}) {name}={value!r:.40}"
    if response.status_code >= 500:
        problems.append(f"{where}: {response.status_code}")
    elif MARKUP.encode() in response.content:
        problems.append(f"{where}: markup reflected unescaped")
    elif value == NUL and form.shown.get(name) != "checkbox" and not _error_shown(response):
        problems.append(f"{where}: a NUL byte was not refused with a form error ({response.status_code})")


def test_every_field_of_every_form_refuses_hostile_input_clearly(client, p):
    users, cases, council_kwargs = build(p)
    forms = [form for form in all_forms(client, users, cases, council_kwargs, lambda: more_pages(p, users, cases)) if form.shown]
    assert len({form.view for form in forms}) >= 30, sorted({form.view for form in forms})
    problems, sent = [], 0
    for form in forms:
        for name, kind in form.shown.items():
            for value in _catalogue(kind):
                _check(form, name, value, _post(client, form, {**form.values, name: value}), problems)
                sent += 1
    assert sent >= 500, sent
    assert not problems, f"{len(problems)} of {sent} hostile submissions went wrong:\n" + "\n".join(problems)


def test_hypothesis_spoils_every_field_of_every_form_at_once(client, p):
    users, cases, council_kwargs = build(p)
    forms = [form for form in all_forms(client, users, cases, council_kwargs, lambda: more_pages(p, users, cases)) if form.shown]
    problems = []

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
    @given(st.data())
    def hostile(data):
        for form in forms:
            sent = {name: data.draw(hostile_text, label=f"{form.view} {name}") for name, kind in form.shown.items() if kind != "file"}
            response = _post(client, form, {**form.values, **sent})
            if response.status_code >= 500:
                problems.append(f"{form.view} ({form.page}): {response.status_code} for {sent!r:.300}")
            if MARKUP.encode() in response.content:
                problems.append(f"{form.view} ({form.page}): markup reflected unescaped")

    hostile()
    assert not problems, "\n".join(sorted(set(problems)))
