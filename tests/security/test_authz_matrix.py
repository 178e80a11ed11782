"""
The authorisation matrix (tests/authz_matrix.csv) is the access rules as data: for every URL,
for every lifecycle status of the budget it names, what each persona gets. This test calls every
URL as every persona, with GET and with an empty POST, and compares. A URL with no row fails, so
no page can be added without deciding who may open it.

Cells are two letters, what a GET then a POST gets:
  Y  the page (200, or a redirect within the service)
  R  refused with a reason (409/403, or sent back with an error message): they may see the
     person, not do this
  -  nothing: 404 for signed-in users, the sign-in page for anonymous ones
  M  method not allowed (405), which says nothing about the record
Each request runs in a savepoint that is rolled back, so every persona meets the same world.

AUTHZ_MATRIX_WRITE=1 writes what was observed to tests/authz_matrix.observed.csv, for review.
"""

import csv
import datetime
import os
from pathlib import Path

import pytest
from django.contrib import messages
from django.db import transaction
from django.urls import reverse
from django.urls.resolvers import RoutePattern

from pbudget.lifecycle import Status
from tests.security.authz_world import PERSONAL_KWARGS, PERSONAS, TOKEN_PAGES, build, url_names

MATRIX = Path(__file__).resolve().parent.parent / "authz_matrix.csv"
ANY_STATE = "*"
# Signing out ends the session the walk runs in; its rows are checked by GET only.
GET_ONLY = {"logout"}


def load_matrix():
    rows = {}
    with MATRIX.open(newline="") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            rows[(row["view"], row["state"])] = {persona: row[persona] for persona in PERSONAS}
    return rows


def outcome(response):
    status = response.status_code
    if status == 500:
        raise AssertionError(f"server error: {response.content[:300]!r}")
    if status in {301, 302}:
        where = response["Location"]
        if where.startswith("/accounts/login/"):
            return "-"
        assert not where.startswith("/accounts/two-factor/"), "the walk's sessions have passed the second factor"
        return "R" if _refused(response) else "Y"
    if status in {200, 204}:
        return "Y"
    return {404: "-", 409: "R", 403: "R", 405: "M", 429: "R"}.get(status, f"?{status}")


def _refused(response):
    """A form sent back with an error message (a refused move goes back to the page it came from)."""
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    return any(message.level >= messages.ERROR for message in queued)


def _requests(cases, council_kwargs):
    """(view, state, url, case) for every URL: once per status if it names a person's record, else once."""
    for name, route in url_names():
        if name in TOKEN_PAGES:
            continue
        keys = set(RoutePattern(route).converters)
        unknown = keys - PERSONAL_KWARGS - council_kwargs.keys()
        assert not unknown, f"{name}: give authz_world a value for {sorted(unknown)}"
        if not keys & PERSONAL_KWARGS:
            yield name, ANY_STATE, reverse(name, kwargs={k: council_kwargs[k] for k in keys}), None
            continue
        for case in cases:
            if keys <= case.kwargs.keys():
                yield name, case.status.value, reverse(name, kwargs={k: case.kwargs[k] for k in keys}), case


def _call(client, method, url):
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response


def _walk(client, users, cases, council_kwargs, persona, requests):
    signed_in = None
    seen = {}
    for view, state, url, case in requests:
        user = None if persona == "anonymous" else (case.user if persona == "person" and case else users.get(persona))
        if persona == "person" and case is None:
            user = cases[0].user
        if user != signed_in:
            client.logout()
            if user is not None:
                client.force_login(user)
            signed_in = user
        get = outcome(_call(client, "get", url))
        post = get if view in GET_ONLY else outcome(_call(client, "post", url))
        seen[(view, state)] = get + post
    return seen


def test_every_url_as_every_persona_matches_the_matrix(client, p, monkeypatch):
    # The world's summary sheets wait in the queue (no worker runs here). The walk takes minutes,
    # longer on a busy machine than the time after which staff may ask for a waiting sheet again,
    # so without this the answer to "prepare it again" would depend on the machine's speed.
    monkeypatch.setattr("signoff.sheets.SHEET_REQUEUE_AFTER", datetime.timedelta(days=1))
    users, cases, council_kwargs = build(p)
    requests = list(_requests(cases, council_kwargs))  # every URL understood, before any call
    matrix = load_matrix()
    missing = sorted({view for view, *_ in requests if not any(key[0] == view for key in matrix)})
    assert not missing or os.environ.get("AUTHZ_MATRIX_WRITE"), f"URLs with no row in {MATRIX.name}: {missing}"
    mismatches, calls = [], 0
    only_views = os.environ.get("AUTHZ_MATRIX_VIEWS", "").split(",") if os.environ.get("AUTHZ_MATRIX_WRITE") else [""]
    for persona in os.environ.get("AUTHZ_MATRIX_PERSONAS", ",".join(PERSONAS)).split(","):
        if only_views != [""]:  # re-observing a few views while writing: keep the walk short
            requests = [r for r in requests if r[0] in only_views]
        seen = _walk(client, users, cases, council_kwargs, persona, requests)
        calls += 2 * len(seen)
        if os.environ.get("AUTHZ_MATRIX_WRITE"):
            _write(persona, seen)
            continue
        for (view, state), got in sorted(seen.items()):
            row = matrix.get((view, state)) or matrix.get((view, ANY_STATE))
            assert row is not None, f"{view} at {state}: no row for this state or {ANY_STATE!r}"
            if row[persona] != got:
                mismatches.append(f"{persona} {view} at {state}: matrix says {row[persona]}, got {got}")
    assert not mismatches, f"{len(mismatches)} of {calls} requests differ from the matrix:\n" + "\n".join(mismatches)
    assert calls >= 5000 or os.environ.get("AUTHZ_MATRIX_WRITE"), calls


def test_a_url_without_a_row_fails(p):
    matrix = load_matrix()
    views = {name for name, _ in url_names()} - TOKEN_PAGES
    assert views <= {view for view, _ in matrix}, sorted(views - {view for view, _ in matrix})
    stale = {view for view, _ in matrix} - views
    assert not stale, f"rows for URLs that no longer exist: {sorted(stale)}"


def _write(persona, seen):
    """Adds this persona's column to the raw observations, and rewrites the compressed table from them."""
    raw_path = Path(os.environ.get("AUTHZ_MATRIX_RAW") or MATRIX.with_suffix(".observed-raw.csv"))
    path = raw_path.with_name(raw_path.name.replace("-raw", ""))
    observed = {}
    if raw_path.exists():
        with raw_path.open(newline="") as f:
            observed = {(row["view"], row["state"]): row for row in csv.DictReader(f)}
    for (view, state), got in seen.items():
        observed.setdefault((view, state), {"view": view, "state": state})[persona] = got
    for target, rows in ((raw_path, observed.values()), (path, _compressed(observed))):
        with target.open("w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=["view", "state", *PERSONAS])
            writer.writeheader()
            writer.writerows(rows)


def _compressed(observed):
    """One row with state * for a view whose every status reads the same; else a row per status."""
    order = [s.value for s in Status]
    for view in sorted({view for view, _ in observed}):
        rows = sorted(
            (row for (v, _), row in observed.items() if v == view),
            key=lambda row: -1 if row["state"] == ANY_STATE else order.index(row["state"]),
        )
        if len({tuple(row.get(persona) for persona in PERSONAS) for row in rows}) == 1:
            yield {**rows[0], "state": ANY_STATE}
        else:
            yield from rows
