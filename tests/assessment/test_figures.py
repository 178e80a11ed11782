"""Assessment figures for managers, checked against numbers worked out by hand."""

import datetime

from assessment.figures import Completion
from assessment.models import Assessment, Channel, Question
from assessment.questionnaire_services import questionnaire_draft_start, questionnaire_publish
from assessment.selectors import assessment_figures
from tests.factories import BudgetFactory, PersonFactory

UTC = datetime.timezone.utc


def at(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def make(p, questionnaire, team, channel, started, minutes=None, last=None):
    budget = BudgetFactory(person=PersonFactory(team=team))
    return Assessment.objects.create(
        budget=budget, questionnaire=questionnaire, channel=channel, started_by=p.wendy, started_at=started,
        submitted_at=None if minutes is None else started + datetime.timedelta(minutes=minutes),
        submitted_by=None if minutes is None else p.wendy, last_question=last,
    )


def scenario(p, questionnaire):
    washing = Question.objects.get(questionnaire=questionnaire, key="washing")
    draft = questionnaire_draft_start(council=p.northshire, actor=p.adam)
    questionnaire_publish(questionnaire=draft, actor=p.adam)
    online, phone = Channel.ONLINE, Channel.PHONE
    make(p, questionnaire, p.north, online, at(2026, 3, 2, 9), 30)
    make(p, questionnaire, p.north, online, at(2026, 3, 5, 10), 50)
    make(p, questionnaire, p.north, online, at(2026, 3, 10, 10), last=washing)
    make(p, questionnaire, p.north, online, at(2026, 3, 11, 10), last=washing)
    make(p, questionnaire, p.north, online, at(2026, 3, 12, 10))  # never saved an answer
    make(p, questionnaire, p.south, online, at(2026, 3, 31, 23, 30), 60)  # 00:30 on 1 April in London
    make(p, questionnaire, p.south, phone, at(2026, 4, 1, 9), 20)
    make(p, draft, p.north, online, at(2026, 3, 20, 10), 10)
    make(p, questionnaire, p.north, online, at(2026, 2, 27, 10), 5)  # before the range
    return washing


def test_by_version_and_channel(p, questionnaire):
    washing = scenario(p, questionnaire)
    figures = assessment_figures(council_id=p.northshire.pk, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 5, 1))
    assert figures.by_version == {
        (1, "online"): Completion(started=6, completed=3, median_minutes=50.0),
        (1, "phone"): Completion(started=1, completed=1, median_minutes=20.0),
        (2, "online"): Completion(started=1, completed=1, median_minutes=10.0),
    }
    assert figures.by_version[(1, "online")].completion_percent == 50.0
    # Where people stop: two at the washing question, one before answering anything.
    assert figures.stops == {(1, "online"): [((2, "washing", washing.text), 2), (None, 1)]}


def test_by_team_and_month_in_london_time(p, questionnaire):
    scenario(p, questionnaire)
    figures = assessment_figures(council_id=p.northshire.pk, start=datetime.date(2026, 3, 1), end=datetime.date(2026, 5, 1))
    assert figures.by_team_month == {
        (p.north.pk, datetime.date(2026, 3, 1)): Completion(started=6, completed=3, median_minutes=30.0),
        (p.south.pk, datetime.date(2026, 4, 1)): Completion(started=2, completed=2, median_minutes=40.0),
    }


def test_for_some_teams_and_another_council(p, questionnaire):
    scenario(p, questionnaire)
    figures = assessment_figures(
        council_id=p.northshire.pk, team_ids=[p.south.pk], start=datetime.date(2026, 3, 1), end=datetime.date(2026, 5, 1),
    )
    assert figures.by_version == {
        (1, "online"): Completion(started=1, completed=1, median_minutes=60.0),
        (1, "phone"): Completion(started=1, completed=1, median_minutes=20.0),
    }
    assert figures.stops == {}
    other = assessment_figures(council_id=p.southvale.pk, start=datetime.date(2026, 1, 1), end=datetime.date(2027, 1, 1))
    assert other.by_version == {} and other.by_team_month == {}


def test_one_query_whatever_the_size(p, questionnaire, django_assert_num_queries):
    scenario(p, questionnaire)
    args = {"council_id": p.northshire.pk, "start": datetime.date(2026, 1, 1), "end": datetime.date(2027, 1, 1)}
    with django_assert_num_queries(1):
        assessment_figures(**args)
    for n in range(30):
        make(p, questionnaire, p.north, Channel.PAPER, at(2026, 6, 1 + n % 28, 10), n)
    with django_assert_num_queries(1):
        figures = assessment_figures(**args)
    assert figures.by_version[(1, "paper")] == Completion(started=30, completed=30, median_minutes=14.5)
