"""The public allocation rules page: no sign-in, every live table, nothing personal."""

from django.urls import reverse

from ras.models import AllocationTable
from ras.services import allocation_share


def test_anyone_can_read_the_live_rules_without_signing_in(client, p, budget, table):
    allocation_share(budget=budget, actor=p.wendy)  # a real case exists; the page must not show it
    AllocationTable.objects.create(
        council=p.northshire, client_group="learning_disability", version=1, name="Learning disability table",
        method="bands", bands=[{"from_points": 0, "to_points": 20, "weekly_pence": 15_000}, {"from_points": 20, "to_points": None, "weekly_pence": 40_000}],
        adjustments=[{"question_key": "carer", "option_key": "daily", "weekly_pence": -5_000, "label": "Family help every day"}],
        floor_weekly_pence=0, ceiling_weekly_pence=90_000, effective_from="2026-01-01", published_at="2026-01-01T00:00Z",
    )
    AllocationTable.objects.create(  # a draft is not published
        council=p.northshire, client_group="mental_health", version=1, name="Secret draft",
        price_per_point_pence=1, floor_weekly_pence=0, ceiling_weekly_pence=1, effective_from="2026-01-01",
    )
    index = client.get(reverse("ras_public:allocation_rules"))
    assert index.status_code == 200 and "Northshire Council" in index.content.decode()
    response = client.get(reverse("ras_public:allocation_rules_council", args=["northshire"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Council-wide allocation table" in page and "Each point is worth £8.50 a week" in page
    assert "Learning disability table" in page and "£400.00" in page and "takes off £50.00" in page
    assert "Secret draft" not in page
    assert "rounded to the nearest penny" in page and "can challenge it" in page
    for personal in ("Alice", "Adams", "Wendy", "Bob", "£399.50"):
        assert personal not in page


def test_a_future_table_is_not_live_yet(client, p, table):
    AllocationTable.objects.create(
        council=p.northshire, client_group="", version=2, name="Next year's table", price_per_point_pence=900,
        floor_weekly_pence=0, ceiling_weekly_pence=100_000, effective_from="2099-04-01", published_at="2026-01-01T00:00Z",
    )
    page = client.get(reverse("ras_public:allocation_rules_council", args=["northshire"])).content.decode()
    assert "Council-wide allocation table" in page and "Next year's table" not in page


def test_an_unknown_council_is_404(client, db):
    assert client.get(reverse("ras_public:allocation_rules_council", args=["nowhere"])).status_code == 404


def test_the_public_page_reads_a_fixed_number_of_queries(client, p, table, django_assert_max_num_queries):
    from assessment.defaults import default_questionnaire

    default_questionnaire(council=p.northshire)
    # The council, its live tables, and the live questionnaire with sections, answers and conditions.
    with django_assert_max_num_queries(7):
        client.get(reverse("ras_public:allocation_rules_council", args=["northshire"]))


def test_the_public_page_gives_the_points_of_every_answer(client, p, table):
    from django.utils.html import escape

    from assessment.defaults import default_questionnaire
    from assessment.models import AnswerOption

    default_questionnaire(council=p.northshire)
    page = client.get(reverse("ras_public:allocation_rules_council", args=["northshire"])).content.decode()
    assert "The points each answer gives" in page
    options = AnswerOption.objects.filter(question__questionnaire__council=p.northshire).select_related("question")
    assert options.count() > 10
    for option in options:
        assert escape(option.question.text) in page and escape(option.label) in page
    heaviest = options.order_by("-points").first()
    assert f'{escape(heaviest.label)}</td><td class="govuk-table__cell govuk-table__cell--numeric">{heaviest.points}</td>' in page
