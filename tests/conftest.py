"""
Personas, after healthchecks' hc/test.py. In Northshire council:
  alice   - a person who self-assesses online (Alice Adams, North team)
  rita    - Alice's daughter and representative
  bob     - another person in the North team (Alice's budget is not his business)
  wendy   - social worker in the North team
  walter  - social worker in the South team (same council, other team)
  mandy   - manager of the North team
  adam    - council administrator
In Southvale council:
  xavier  - social worker in another council, who must never see Northshire's people
"""

import os

import pytest

from pbudget.models import Role
from tests.factories import CouncilFactory, PersonFactory, RepresentativeFactory, TeamFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_and_inline(settings, request):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    if "live_server" in request.fixturenames:
        # The live server serves static files from the finders, which know only unhashed names.
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    # Tasks run inline unless a test starts a real worker (the `worker` mark).
    from pbudget.celery import app

    eager = request.node.get_closest_marker("worker") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(monkeypatch):
    """
    `client.force_login(user)` signs in as far as the pages: for staff (and people who turned it
    on) the session is also marked as having passed the second factor, as django_otp.login does,
    with a confirmed authenticator app made for the user. `force_login(user, second_factor=False)`
    stops after the password, for tests of the two-factor step itself.
    """
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from pbudget.accounts import two_factor
    from tests.browser.helpers import authenticator_for

    plain = Client.force_login

    def force_login(self, user, backend=None, second_factor=True):
        plain(self, user, backend)
        session = self.session
        if second_factor and session.get(two_factor.REQUIRED_KEY):
            session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


class Personas:
    pass


@pytest.fixture
def p(db):
    """Everyone, as attributes: p.alice, p.wendy, p.north ..."""
    x = Personas()
    x.northshire = CouncilFactory(name="Northshire Council", slug="northshire")
    x.southvale = CouncilFactory(name="Southvale Council", slug="southvale")
    x.north = TeamFactory(council=x.northshire, name="North adults team")
    x.south = TeamFactory(council=x.northshire, name="South adults team")
    x.vale = TeamFactory(council=x.southvale, name="Vale team")
    x.wendy = UserFactory(council=x.northshire, role=Role.SOCIAL_WORKER, team=x.north, full_name="Wendy Worker", email="wendy@northshire.example")
    x.walter = UserFactory(council=x.northshire, role=Role.SOCIAL_WORKER, team=x.south, full_name="Walter Other", email="walter@northshire.example")
    x.mandy = UserFactory(council=x.northshire, role=Role.TEAM_MANAGER, full_name="Mandy Manager", email="mandy@northshire.example")
    x.north.managers.add(x.mandy)
    x.adam = UserFactory(council=x.northshire, role=Role.COUNCIL_ADMIN, full_name="Adam Admin", email="adam@northshire.example")
    x.xavier = UserFactory(council=x.southvale, role=Role.SOCIAL_WORKER, team=x.vale, full_name="Xavier Elsewhere", email="xavier@southvale.example")
    x.alice = UserFactory(council=x.northshire, full_name="Alice Adams", email="alice@example.org")
    x.alice_person = PersonFactory(team=x.north, user=x.alice, first_name="Alice", last_name="Adams", allocated_worker=x.wendy, email="alice@example.org")
    x.rita = UserFactory(council=x.northshire, full_name="Rita Adams", email="rita@example.org")
    RepresentativeFactory(person=x.alice_person, user=x.rita, relationship="Daughter")
    x.bob = UserFactory(council=x.northshire, full_name="Bob Brown", email="bob@example.org")
    x.bob_person = PersonFactory(team=x.north, user=x.bob, first_name="Bob", last_name="Brown", allocated_worker=x.wendy)
    return x


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium: Playwright cannot download its own here."""
    from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS

    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def axe():
    from tests.browser.helpers import AxeChecker

    return AxeChecker()

