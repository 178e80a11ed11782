"""Allocation tables: drafts, validation, comparison, publishing, and who may do what."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from pbudget.lifecycle import MoveNotAllowed
from pbudget.models import AuditEntry
from ras import tables as services
from ras.models import AllocationTable
from ras.selectors import allocation_table_live
from tests.ras.factories import table as make_table

TODAY = datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def live(p):
    return make_table(p.northshire, name="Council-wide", price_per_point_pence=850, floor_weekly_pence=5_000, ceiling_weekly_pence=120_000)


def edit_data(table, **changes):
    data = {
        "name": table.name, "effective_from_0": "1", "effective_from_1": "4", "effective_from_2": "2027", "method": "points", "price_per_point": "9.00", "floor": "50",
        "ceiling": "1200", "weights": "", "bands": "", "adjustments": "", "lock_version": table.lock_version,
    }
    return {**data, **changes}


def test_a_draft_starts_as_a_copy_of_the_live_table(p, live):
    draft = services.allocation_table_draft_start(council=p.northshire, client_group="", actor=p.adam)
    assert (draft.version, draft.published_at, draft.price_per_point_pence, draft.created_by) == (2, None, 850, p.adam)
    assert allocation_table_live(council=p.northshire, client_group="older_people") == live
    assert AuditEntry.objects.filter(user=p.adam, person=None, what__startswith="Started draft").exists()


def test_admin_edits_compares_and_publishes(client, p, live):
    client.force_login(p.adam)
    response = client.post(reverse("ras_tables:tables"), {"client_group": ""})
    draft = AllocationTable.objects.get(version=2)
    assert response.url == reverse("ras_tables:edit", args=[draft.pk])
    response = client.post(reverse("ras_tables:edit", args=[draft.pk]), edit_data(
        draft, weights="looking-after-yourself, 1.5", adjustments="informal-care, daily, -80, Family help every day",
    ))
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.price_per_point_pence == 900 and draft.section_weights == {"looking-after-yourself": "1.5"}
    assert draft.adjustments == [{"question_key": "informal-care", "option_key": "daily", "weekly_pence": -8_000, "label": "Family help every day"}]
    assert draft.effective_from == datetime.date(2027, 4, 1) and draft.lock_version == 1
    page = client.get(reverse("ras_tables:detail", args=[draft.pk])).content.decode()
    assert "Compared with the live table" in page
    assert "Price per point a week" in page and "£8.50" in page and "£9.00" in page
    assert "Weight of section looking-after-yourself" in page and "takes off £80.00" in page
    response = client.post(reverse("ras_tables:publish", args=[draft.pk]), {"lock_version": draft.lock_version})
    draft.refresh_from_db()
    assert draft.published_at is not None and draft.published_by == p.adam
    # Live from its effective date, not before.
    assert allocation_table_live(council=p.northshire, client_group="") == live
    assert allocation_table_live(council=p.northshire, client_group="", on=datetime.date(2027, 4, 1)) == draft


def test_a_published_table_never_changes(client, p, live):
    with pytest.raises(MoveNotAllowed, match="never changes"):
        services.allocation_table_draft_update(table=live, actor=p.adam, lock_version=live.lock_version, fields={"price_per_point_pence": 1})
    client.force_login(p.adam)
    response = client.post(reverse("ras_tables:edit", args=[live.pk]), edit_data(live, price_per_point="1"))
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.price_per_point_pence == 850


def test_a_stale_edit_is_refused(p, live):
    draft = services.allocation_table_draft_start(council=p.northshire, client_group="", actor=p.adam)
    services.allocation_table_draft_update(table=draft, actor=p.adam, lock_version=0, fields={"price_per_point_pence": 900})
    with pytest.raises(MoveNotAllowed, match="Someone else changed this draft"):
        services.allocation_table_draft_update(table=draft, actor=p.adam, lock_version=0, fields={"price_per_point_pence": 1})
    draft.refresh_from_db()
    assert draft.price_per_point_pence == 900


def test_bad_bands_are_refused_naming_the_line(client, p, live):
    draft = services.allocation_table_draft_start(council=p.northshire, client_group="", actor=p.adam)
    client.force_login(p.adam)
    response = client.post(reverse("ras_tables:edit", args=[draft.pk]), edit_data(draft, method="bands", bands="0, 10, 100\n12, , 200"))
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Line 2: Gap: band 1 ends at 10 points but band 2 starts at 12." in page
    response = client.post(reverse("ras_tables:edit", args=[draft.pk]), edit_data(draft, method="bands", bands="0, 10, 300\n10, , 200"))
    assert "Line 2: The amount goes down from band 1 to band 2" in response.content.decode()
    draft.refresh_from_db()
    assert draft.method == "points" and draft.bands == []


DATES = [
    # (day, month, year) typed, the GOV.UK message, and which parts are highlighted
    (("", "", ""), "Enter the date it takes effect", {0, 1, 2}),
    (("1", "", "2027"), "Date it takes effect must include a month", {1}),
    (("", "", "2027"), "Date it takes effect must include a day and month", {0, 1}),
    (("31", "4", "2027"), "Date it takes effect must be a real date", {0}),
    (("1", "13", "2027"), "Date it takes effect must be a real date", {1}),
    (("1", "April", "2027"), "Date it takes effect must be a real date", {1}),
    (("1", "4", "27"), "Year must include 4 numbers", {2}),
    (("1" * 5000, "4", "2027"), "Date it takes effect must be a real date", {0}),
    (("22", "11", "2026"), "Date it takes effect must be today or in the future", {0, 1, 2}),
]


@pytest.mark.parametrize("typed, message, parts", DATES)
def test_the_effective_date_is_a_govuk_date_input_with_its_messages(client, p, live, typed, message, parts):
    import re

    draft = services.allocation_table_draft_start(council=p.northshire, client_group="", actor=p.adam)
    client.force_login(p.adam)
    day, month, year = typed
    response = client.post(reverse("ras_tables:edit", args=[draft.pk]), edit_data(
        draft, effective_from_0=day, effective_from_1=month, effective_from_2=year, price_per_point="1",
    ))
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    first = min(parts)
    assert f'<a href="#id_effective_from_{first}">{message}</a>' in page  # the summary links to the first part in error
    assert f"</span> {message}" in page  # and the message is beside the field
    highlighted = {int(n) for n, css in re.findall(r'name="effective_from_(\d)"[^>]*?class="([^"]*)"', page) if "govuk-input--error" in css}
    assert highlighted == parts
    assert f'value="{year}"' in page or not year  # what was typed is shown again
    draft.refresh_from_db()
    assert (draft.price_per_point_pence, draft.lock_version, draft.effective_from) == (850, 0, datetime.date(2026, 11, 23))


def test_the_effective_date_shows_as_day_month_and_year(client, p, live):
    draft = services.allocation_table_draft_start(council=p.northshire, client_group="", actor=p.adam)
    client.force_login(p.adam)
    page = client.get(reverse("ras_tables:edit", args=[draft.pk])).content.decode()
    assert '<legend class="govuk-fieldset__legend">' in page and 'class="govuk-date-input"' in page
    for part, value in (("0", "23"), ("1", "11"), ("2", "2026")):
        assert f'name="effective_from_{part}" value="{value}"' in page
    response = client.post(reverse("ras_tables:edit", args=[draft.pk]), edit_data(draft, effective_from_0="23", effective_from_1="11", effective_from_2="2026"))
    assert response.status_code == 302  # today is allowed
    draft.refresh_from_db()
    assert draft.effective_from == datetime.date(2026, 11, 23)


def test_publishing_refuses_a_past_date_or_an_invalid_table(p, live):
    draft = services.allocation_table_draft_start(council=p.northshire, client_group="", actor=p.adam)
    AllocationTable.objects.filter(pk=draft.pk).update(effective_from=datetime.date(2026, 1, 1))
    with pytest.raises(MoveNotAllowed, match="in the past"):
        services.allocation_table_publish(table=draft, actor=p.adam, lock_version=0)
    AllocationTable.objects.filter(pk=draft.pk).update(effective_from=datetime.date(2027, 1, 1), method="bands")
    with pytest.raises(MoveNotAllowed, match="at least one band"):
        services.allocation_table_publish(table=draft, actor=p.adam, lock_version=0)
    draft.refresh_from_db()
    assert draft.published_at is None


@pytest.mark.parametrize("who", ["wendy", "mandy", "alice", "xavier"])
def test_only_the_councils_administrator_changes_tables(p, live, who):
    with pytest.raises(MoveNotAllowed):
        services.allocation_table_draft_start(council=p.northshire, client_group="", actor=getattr(p, who))
    assert AllocationTable.objects.count() == 1


def test_managers_read_but_do_not_change(client, p, live):
    client.force_login(p.mandy)
    assert client.get(reverse("ras_tables:tables")).status_code == 200
    assert client.get(reverse("ras_tables:detail", args=[live.pk])).status_code == 200
    assert client.post(reverse("ras_tables:tables"), {"client_group": ""}).status_code == 404
    assert client.get(reverse("ras_tables:edit", args=[live.pk])).status_code == 404
    assert client.post(reverse("ras_tables:publish", args=[live.pk])).status_code == 404
    assert client.get(reverse("ras_tables:import")).status_code == 404
    assert AllocationTable.objects.count() == 1


TABLE_URLS = ["detail", "edit", "publish", "export_csv", "export_xlsx", "whatif"]


@pytest.mark.parametrize("who", ["wendy", "walter", "alice", "rita", "bob", "xavier"])
def test_everyone_else_gets_404_on_every_table_page(client, p, live, who):
    southvale = make_table(p.southvale)
    client.force_login(getattr(p, who))
    for name in ["tables", "import", "calibration", "calibration_draft", "overrides"]:
        assert client.get(reverse(f"ras_tables:{name}")).status_code in {404, 405}, name
        assert client.post(reverse(f"ras_tables:{name}"), {"client_group": "older_people", "price_per_point_pence": "900"}).status_code in {404, 405}, name
    for name in TABLE_URLS:
        for t in (live, southvale):
            url = reverse(f"ras_tables:{name}", args=[t.pk])
            assert client.get(url).status_code in {404, 405} and client.post(url).status_code in {404, 405}, url
    assert AllocationTable.objects.count() == 2


def test_another_councils_admin_gets_404(client, p, live):
    from pbudget.models import Role
    from tests.factories import UserFactory

    other = UserFactory(council=p.southvale, role=Role.COUNCIL_ADMIN)
    client.force_login(other)
    for name in TABLE_URLS:
        url = reverse(f"ras_tables:{name}", args=[live.pk])
        assert client.get(url).status_code in {404, 405} and client.post(url).status_code in {404, 405}, url


def test_the_tables_page_reads_a_fixed_number_of_queries(client, p, live, django_assert_max_num_queries):
    client.force_login(p.adam)
    for version in range(2, 8):
        make_table(p.northshire, version=version, published=version % 2 == 0)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("ras_tables:tables")).content.decode()
    assert page.count("Version ") >= 7


def test_the_history_says_who_started_changed_and_published_each_version(client, p, live):
    from ras.models import AllocationTableEvent

    client.force_login(p.adam)
    client.post(reverse("ras_tables:tables"), {"client_group": ""})
    draft = AllocationTable.objects.get(version=2)
    client.post(reverse("ras_tables:edit", args=[draft.pk]), edit_data(draft, name="Cheaper points"))
    client.post(reverse("ras_tables:publish", args=[draft.pk]), {"lock_version": 1})
    kinds = list(AllocationTableEvent.objects.filter(table=draft).values_list("kind", "actor", "note"))
    assert kinds == [("started", p.adam.pk, "Copied from Council-wide, version 1"), ("edited", p.adam.pk, ""), ("published", p.adam.pk, "Live from 1 April 2027")]
    edit = AllocationTableEvent.objects.get(table=draft, kind="edited")
    assert ["Name", "Council-wide (draft)", "Cheaper points"] in edit.changes
    assert ["Price per point a week", "£8.50", "£9.00"] in edit.changes
    page = client.get(reverse("ras_tables:detail", args=[draft.pk])).content.decode()
    assert 'id="history"' in page and "Only administrators see this" in page
    assert "Draft started: Copied from Council-wide, version 1" in page and "Published: Live from 1 April 2027" in page
    assert "Price per point a week: £8.50 to £9.00" in page and p.adam.full_name in page
    assert "23 November 2026, 12:00" in page  # London time
    assert page.index("Published: Live") < page.index("Draft changed") < page.index("Draft started")  # newest first


def test_the_history_covers_imports_and_calibration_drafts(p, live):
    from ras.models import AllocationTableEvent

    services.allocation_table_draft_start(council=p.northshire, client_group="", actor=p.adam, fields={"price_per_point_pence": 1}, source="From the calibration's suggestion")
    services.allocation_table_draft_start(council=p.northshire, client_group="older_people", actor=p.adam)
    notes = list(AllocationTableEvent.objects.order_by("pk").values_list("kind", "note"))
    assert notes == [("started", "From the calibration's suggestion"), ("started", "Copied from Council-wide, version 1")]
    AllocationTable.objects.filter(pk=live.pk).update(published_at=None)
    services.allocation_table_draft_start(council=p.northshire, client_group="mental_health", actor=p.adam)
    assert AllocationTableEvent.objects.order_by("pk").last().note == "Started from the standard rules"


def test_managers_do_not_see_the_history(client, p, live):
    client.force_login(p.mandy)
    page = client.get(reverse("ras_tables:detail", args=[live.pk])).content.decode()
    assert 'id="history"' not in page and "Only administrators see this" not in page


def test_the_table_page_reads_a_fixed_number_of_queries(client, p, live):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(p.adam)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("ras_tables:detail", args=[live.pk])).status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        draft = services.allocation_table_draft_start(council=p.northshire, client_group="", actor=p.adam)
        services.allocation_table_draft_update(table=draft, actor=p.adam, lock_version=0, fields={"name": f"Draft {n}"})
    assert count() == few
