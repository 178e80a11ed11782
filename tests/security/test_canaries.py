"""
Canary values: Alice's name and email must not reach logs, URLs, task arguments or Redis while
her record goes round the cycle, is viewed, exported and mistyped at.
"""

import logging
import os

import pytest
import redis
from celery.app.task import Task
from django.urls import reverse

from pbudget.models import SubjectAccessExport
from pbudget.tasks import prepare_subject_access_export
from tests.test_no_leaks import _urls, alice_everywhere  # noqa: F401  (a fixture)

CANARIES = ("Alice", "Adams", "alice@example.org", "My garden and my grandchildren")


def _clean(text, where):
    for canary in CANARIES:
        assert canary.lower() not in str(text).lower(), f"{canary!r} found in {where}: {str(text)[:300]}"


@pytest.fixture
def task_calls(monkeypatch):
    """Every task queued, with its arguments, as the broker would be sent them."""
    calls = []
    original = Task.apply_async

    def recording(self, args=None, kwargs=None, *rest, **options):
        calls.append((self.name, args, kwargs))
        return original(self, args, kwargs, *rest, **options)

    monkeypatch.setattr(Task, "apply_async", recording)
    return calls


def test_no_personal_data_in_logs_urls_or_task_arguments(
    client, p, caplog, task_calls, django_capture_on_commit_callbacks, alice_everywhere  # noqa: F811
):
    caplog.set_level(logging.DEBUG)
    budget, made = alice_everywhere  # sign-off has queued the summary sheet and the decision email
    client.post(reverse("login"), {"username": "alice@example.org", "password": "wrong"})  # a failed sign-in is logged
    client.force_login(p.wendy)
    locations = []
    for name, url, _ in _urls(p, budget, made):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            locations.append(response.get("Location", ""))
    SubjectAccessExport.objects.update(state="draft")  # the walk's request waits unqueued (no commit): a new one
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("subject_access", args=[p.alice_person.pk]))
    client.get("/people/999999/")  # a 404 is logged with its path
    assert task_calls, "the flow queued no tasks: the test would prove nothing"
    for name, args, kwargs in task_calls:
        assert all(isinstance(arg, int) for arg in (args or ())), (name, args)
        assert not kwargs or all(isinstance(v, (int, type(None))) for v in kwargs.values()), (name, kwargs)
    assert "/people/999999/" in caplog.text  # the logs were captured: the check below can fail
    _clean(caplog.text, "the logs")
    _clean([url for _, url, _ in _urls(p, budget, made)], "a URL")
    _clean(locations, "a redirect")


def test_a_queued_task_carries_only_an_id_to_redis(p, settings):
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs the test Redis (scripts/test sets REDIS_URL)")
    export = SubjectAccessExport.objects.create(person=p.alice_person, requested_by=p.wendy)
    from pbudget.celery import app

    queue = f"canary-{os.getpid()}"  # no worker listens here: the message stays where we can read it
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    server = redis.Redis.from_url(url)
    try:
        prepare_subject_access_export.apply_async(args=[export.pk], queue=queue)
        messages = server.lrange(queue, 0, -1)
        assert messages and str(export.pk).encode() in messages[0]
        _clean(b"".join(messages).decode(errors="replace"), "a Redis message")
        for key in server.scan_iter(count=1000):  # nothing else this run put in Redis names her either
            if server.type(key) == b"string":
                _clean((server.get(key) or b"").decode(errors="replace"), f"Redis key {key!r}")
    finally:
        server.delete(queue)
        app.conf.task_always_eager = eager


# URL parts that are not ids, and why they can't carry personal data.
NOT_IDS = {
    "council_slug": "the council's public slug",
    "key": "a question's key in the council's questionnaire",
    "section_key": "a questionnaire section's key",
    "uidb64": "Django's password-reset link: the user's id, base64",
    "token": "a one-time token (password reset, planner invitation); only its hash is stored",
}


def test_every_url_names_records_by_id_only():
    """A URL pattern can only carry an id (an int), or one of the few non-personal keys above."""
    from django.urls.converters import IntConverter
    from django.urls.resolvers import RoutePattern

    from tests.security.authz_world import url_names

    checked = 0
    for name, route in url_names():
        for key, converter in RoutePattern(route).converters.items():
            checked += 1
            assert isinstance(converter, IntConverter) or key in NOT_IDS, f"{name}: <{key}> is not an id ({route})"
    assert checked >= 50, checked


def test_every_task_takes_ids_only():
    """Every task of ours is declared with ids only (`*_id`), so nothing else can be put on the queue."""
    import inspect

    from pbudget.celery import app

    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if name.split(".")[0] in {
        "pbudget", "assessment", "ras", "support_planning", "signoff", "reviews"}}
    assert len(ours) >= 8, sorted(ours)
    for name, task in ours.items():
        params = [p for p in inspect.signature(task.run).parameters.values() if p.name != "self"]
        assert all(p.name.endswith(("_id", "_ids")) for p in params), f"{name} takes {[p.name for p in params]}"
