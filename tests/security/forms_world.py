"""
Every form the service shows, found the way a user finds them: by opening every page of the
authorisation world (tests/security/authz_world.py) as each kind of user, and reading the POST
forms on it. Each form keeps where it posts to (its `action`, else the page), the URL name of
that target, the fields it shows and the values a user would send back (text filled in, the
first choice picked), so a test can send a submission that passes the form, then spoil it.

`post_form_views()` is the other side: the URL names that take a POST at all, read from the
matrix (a POST answered other than 405 or 404 for every persona). A form-handling URL that no
walk finds a form for is a URL no hostile-input test covers, and the tests say so.
"""

import csv
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.db import transaction
from django.urls import resolve

from tests.security.authz_world import PERSONAS
from tests.security.test_authz_matrix import ANY_STATE, MATRIX, _requests, load_matrix

# Who opens every page: between them they are shown every form (staff-only, administrators' and
# invited planners' forms included). The anonymous walk finds sign-in and password reset.
WALKERS = ("anonymous", "person", "rep", "worker", "manager", "senior", "admin", "planner_invited")
# Text a user would type, by what the field looks like; anything else gets ordinary words.
FILL_BY_NAME = (
    ("day", "1"), ("month", "2"), ("year", "2026"), ("email", "form-fill@example.org"), ("pence", "1000"),
    ("pounds", "10"), ("weekly", "10"), ("amount", "10"), ("cost", "10"), ("points", "3"), ("price", "10"),
    ("hours", "2"), ("score", "2"), ("rating", "2"), ("token", "000000"), ("code", "000000"), ("password", ""),
)


@dataclass
class Form:
    who: str
    user: object
    page: str
    action: str
    view: str
    state: str
    shown: dict = field(default_factory=dict)  # name -> kind (text, textarea, select, radio, checkbox, number...)
    values: dict = field(default_factory=dict)  # what a user would send back, hidden fields and button included
    options: dict = field(default_factory=dict)  # name -> the choices a select or radio offers

    @property
    def key(self):
        return self.view, tuple(sorted(self.shown))


class _FormParser(HTMLParser):
    """POST forms of a page: action, fields and their kinds, values as a user would send them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._textarea, self._select, self._option = [], None, None, None, None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        form = self._form
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = {"action": a.get("action", ""), "shown": {}, "values": {}, "options": {}, "button": None}
            return
        if form is None:
            return
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text").lower()
            if kind == "submit":
                form["button"] = form["button"] or (name, a.get("value", ""))
            elif kind == "hidden":
                form["values"].setdefault(name, a.get("value", ""))
            elif kind == "radio":
                form["shown"].setdefault(name, kind)
                form["options"].setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a or name not in form["values"]:
                    form["values"][name] = a.get("value", "on")
            elif kind == "checkbox":  # every box ticked: each is a choice the form offers
                form["shown"].setdefault(name, kind)
                form["options"].setdefault(name, []).append(a.get("value", "on"))
                form["values"].setdefault(name, []).append(a.get("value", "on"))
            elif kind != "file":
                form["shown"].setdefault(name, a.get("inputmode") or kind)
                form["values"].setdefault(name, a.get("value", ""))
            else:
                form["shown"].setdefault(name, "file")
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            form["button"] = form["button"] or (name, a.get("value", ""))
        elif tag == "textarea" and name:
            form["shown"].setdefault(name, "textarea")
            self._textarea, form["values"][name] = name, ""
        elif tag == "select" and name:
            form["shown"].setdefault(name, "select")
            self._select = name
        elif tag == "option" and self._select:
            self._option = a.get("value")
            form["options"].setdefault(self._select, []).append(self._option or "")
            if "selected" in a or self._select not in form["values"] or form["values"][self._select] == "":
                form["values"][self._select] = self._option or ""

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["values"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _filled(values, shown):
    """Empty text filled in as a user would, so that the submission can pass the form."""
    out = dict(values)
    for name, kind in shown.items():
        if kind in ("radio", "checkbox", "select", "file") or out.get(name):
            continue
        guess = next((value for hint, value in FILL_BY_NAME if hint in name.lower()), None)
        out[name] = guess if guess is not None else ("10" if kind in ("numeric", "decimal", "number") else "Fine words")
    return out


def page_forms(body, page):
    parser = _FormParser()
    parser.feed(body)
    for raw in parser.forms:
        action = urlsplit(raw["action"]).path or urlsplit(page).path
        values = _filled(raw["values"], raw["shown"])
        if raw["button"]:
            values.setdefault(*raw["button"])
        yield action, raw["shown"], values, raw["options"]


def all_forms(client, users, cases, council_kwargs, more=None):
    """One Form for each distinct form (target URL name and fields shown), the first found, walking
    in status order as each walker every page the matrix says they may open, then the pages `more()`
    makes ((walker, user, url) the world doesn't reach; made after the walk, as they change what it
    shows). Every GET runs in a rolled-back savepoint."""
    found, matrix = {}, load_matrix()
    requests = list(_requests(cases, council_kwargs))
    for who in WALKERS:
        for view, state, url, case in requests:
            row = matrix.get((view, state)) or matrix.get((view, ANY_STATE))
            if row and row[who].startswith("Y"):
                user = None if who == "anonymous" else (case.user if case else cases[0].user) if who == "person" else users[who]
                _collect(client, found, who, user, url, state)
    for who, user, url in (more() if more else ()):
        _collect(client, found, who, user, url, "extra")
    return list(found.values())


def _collect(client, found, who, user, url, state):
    sign_in(client, user)
    with transaction.atomic():
        response = client.get(url)
        transaction.set_rollback(True)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return
    for action, shown, values, options in page_forms(response.content.decode(), url):
        form = Form(who, user, url, action, resolve(action).view_name, state, shown, values, options)
        found.setdefault(form.key, form)


def more_pages(p, users, cases):
    """Pages with forms the matrix world never shows, made here: an assessment being filled in, and
    drafts of the questionnaire, an allocation table and the delegation rules. (walker, user, url)."""
    from django.urls import reverse

    from assessment.questionnaire_services import questionnaire_draft_start
    from assessment.services import assessment_start
    from ras.models import AllocationTable
    from ras.tables import allocation_table_draft_start
    from signoff.rule_services import delegation_rules_draft

    from tests.factories import BudgetFactory, PersonFactory, UserFactory

    admin, case = users["admin"], cases[0]
    # A person of their own, so the world's cases (whose forms are then sent) stay as they were.
    user = UserFactory(council=p.northshire, full_name="Fill In", email="fill-in@example.org")
    budget = BudgetFactory(person=PersonFactory(team=p.north, user=user, allocated_worker=p.wendy), status="assessment")
    assessment_start(budget=budget, actor=user)
    budget_id = budget.pk
    pages = [
        ("person", user, reverse("assessment:question", kwargs={"budget_id": budget_id, "key": case.kwargs["key"]})),
        ("person", user, reverse("assessment:note", kwargs={"budget_id": budget_id, "section_key": case.kwargs["section_key"]})),
        ("person", user, reverse("assessment:check", kwargs={"budget_id": budget_id})),
    ]
    draft = questionnaire_draft_start(council=p.northshire, actor=admin)
    draft_question = draft.questions.order_by("pk").first()
    pages += [
        ("admin", admin, reverse("questionnaires:detail", kwargs={"questionnaire_id": draft.pk})),
        ("admin", admin, reverse("questionnaires:question_edit", kwargs={"questionnaire_id": draft.pk, "question_id": draft_question.pk})),
        ("admin", admin, reverse("questionnaires:option_edit", kwargs={
            "questionnaire_id": draft.pk, "option_id": draft_question.options.order_by("pk").first().pk})),
    ]
    live = AllocationTable.objects.filter(council=p.northshire).order_by("pk").first()
    table = allocation_table_draft_start(council=p.northshire, client_group=live.client_group, actor=admin)
    pages += [
        ("admin", admin, reverse("ras_tables:detail", kwargs={"table_id": table.pk})),
        ("admin", admin, reverse("ras_tables:edit", kwargs={"table_id": table.pk})),
    ]
    rules = delegation_rules_draft(council=p.northshire, actor=admin)
    pages.append(("admin", admin, reverse("signoff:rule_set", kwargs={"rule_set_id": rules.pk})))
    return pages


def post_form_views():
    """URL names that take a POST: any persona's POST is answered other than 405 (M) or 404 (-)."""
    views = set()
    with MATRIX.open(newline="") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            if any(len(row[p]) == 2 and row[p][1] in "YR" for p in PERSONAS):
                views.add(row["view"])
    return views


def sign_in(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
