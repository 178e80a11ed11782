"""
Council administrators add and delete sections, questions and answers in a draft, and set or
clear when a question is asked, in pages; a published version refuses every one of them.
"""

import pytest
from django.urls import reverse

from assessment import questionnaire_services as services
from assessment.models import AnswerOption, Question, Section
from assessment.selectors import questionnaire_live, questionnaire_spec
from pbudget.lifecycle import MoveNotAllowed
from pbudget.models import Role
from tests.factories import UserFactory


def url(name, *args):
    return reverse(f"questionnaires:{name}", args=args)


@pytest.fixture
def draft(p, questionnaire):
    return services.questionnaire_draft_start(council=p.northshire, actor=p.adam)


# Services


def test_a_section_question_and_answers_added_to_a_draft_can_be_published(p, draft):
    section = services.questionnaire_section_add(questionnaire=draft, actor=p.adam, key="money", title="Money")
    question = services.questionnaire_question_add(
        questionnaire=draft, actor=p.adam, section=section, key="bills", text="How do you manage paying bills?",
        hint="Think about a typical week.", why_we_ask="",
    )
    assert question.order == draft.questions.exclude(pk=question.pk).order_by("-order").first().order + 1
    with pytest.raises(services.QuestionnaireInvalid, match="has no answers"):
        services.questionnaire_publish(questionnaire=draft, actor=p.adam)
    for key, label, unable in (("own", "On my own", False), ("help", "With help", True)):
        services.questionnaire_option_add(
            question=question, actor=p.adam, key=key, label=label, points=3 if unable else 0, unable=unable,
            outcomes=["home_safety"],
        )
    assert [o.order for o in question.options.all()] == [1, 2]
    services.questionnaire_publish(questionnaire=draft, actor=p.adam)
    sections, questions = questionnaire_spec(questionnaire=questionnaire_live(council=p.northshire))
    assert sections[-1] == {"key": "money", "title": "Money"}
    assert questions[-1]["key"] == "bills" and [o["key"] for o in questions[-1]["options"]] == ["own", "help"]


def test_a_key_used_twice_is_refused(p, draft):
    with pytest.raises(MoveNotAllowed, match="already has a section"):
        services.questionnaire_section_add(questionnaire=draft, actor=p.adam, key="your-home", title="Home")
    section = draft.sections.first()
    with pytest.raises(MoveNotAllowed, match="already has a question"):
        services.questionnaire_question_add(
            questionnaire=draft, actor=p.adam, section=section, key="child", text="Again?", hint="", why_we_ask="",
        )
    child = draft.questions.get(key="child")
    with pytest.raises(MoveNotAllowed, match="already has an answer"):
        services.questionnaire_option_add(question=child, actor=p.adam, key="yes", label="Yes again", points=0, unable=False, outcomes=[])
    assert (draft.sections.count(), draft.questions.count(), child.options.count()) == (3, 11, 2)


def test_a_section_with_questions_is_not_deleted_and_an_empty_one_is(p, draft):
    home = draft.sections.get(key="your-home")
    with pytest.raises(MoveNotAllowed, match="still has questions"):
        services.questionnaire_section_delete(section=home, actor=p.adam)
    empty = services.questionnaire_section_add(questionnaire=draft, actor=p.adam, key="spare", title="Spare")
    with pytest.raises(services.QuestionnaireInvalid, match="“Spare” has no questions"):
        services.questionnaire_publish(questionnaire=draft, actor=p.adam)
    services.questionnaire_section_delete(section=empty, actor=p.adam)
    assert not Section.objects.filter(pk=empty.pk).exists() and Section.objects.filter(pk=home.pk).exists()


def test_a_question_or_answer_another_question_depends_on_is_not_deleted(p, draft):
    child = draft.questions.get(key="child")
    yes = child.options.get(key="yes")
    with pytest.raises(MoveNotAllowed, match="“How do you manage looking after your child\\?” is asked only after"):
        services.questionnaire_question_delete(question=child, actor=p.adam)
    with pytest.raises(MoveNotAllowed, match="asked only after the answer “Yes”"):
        services.questionnaire_option_delete(option=yes, actor=p.adam)
    assert AnswerOption.objects.filter(pk=yes.pk).exists()
    caring = draft.questions.get(key="caring-for-child")
    services.questionnaire_condition_set(question=caring, actor=p.adam, options=[])
    services.questionnaire_option_delete(option=child.options.get(key="no"), actor=p.adam)
    services.questionnaire_question_delete(question=child, actor=p.adam)
    assert not Question.objects.filter(pk=child.pk).exists()
    assert not AnswerOption.objects.filter(pk=yes.pk).exists()


def test_a_condition_is_set_and_cleared_on_answers_to_one_earlier_question(p, draft):
    caring = draft.questions.get(key="caring-for-child")
    getting_out = draft.questions.get(key="getting-out")
    child = draft.questions.get(key="child")
    both = [child.options.get(key="yes"), getting_out.options.get(key="own")]
    with pytest.raises(MoveNotAllowed, match="one earlier question only"):
        services.questionnaire_condition_set(question=caring, actor=p.adam, options=both)
    with pytest.raises(MoveNotAllowed, match="comes before this one"):
        services.questionnaire_condition_set(question=getting_out, actor=p.adam, options=[child.options.get(key="yes")])
    live_option = questionnaire_live(council=p.northshire).questions.get(key="child").options.get(key="yes")
    with pytest.raises(MoveNotAllowed, match="from this questionnaire"):
        services.questionnaire_condition_set(question=caring, actor=p.adam, options=[live_option])
    assert questionnaire_spec(questionnaire=draft)[1][-1]["shown_when"] == ("child", ["yes"])
    services.questionnaire_condition_set(question=getting_out, actor=p.adam, options=[draft.questions.get(key="work-and-learning").options.get(key="own")])
    services.questionnaire_condition_set(question=caring, actor=p.adam, options=[])
    shown = {q["key"]: q["shown_when"] for q in questionnaire_spec(questionnaire=draft)[1]}
    assert shown["caring-for-child"] is None and shown["getting-out"] == ("work-and-learning", ["own"])


def test_a_published_version_refuses_every_addition_and_deletion(p, questionnaire):
    section, question = questionnaire.sections.first(), questionnaire.questions.get(key="caring-for-child")
    option = question.options.first()
    before = questionnaire_spec(questionnaire=questionnaire)
    for attempt in (
        lambda: services.questionnaire_section_add(questionnaire=questionnaire, actor=p.adam, key="new", title="New"),
        lambda: services.questionnaire_section_delete(section=section, actor=p.adam),
        lambda: services.questionnaire_question_add(questionnaire=questionnaire, actor=p.adam, section=section, key="new", text="New", hint="", why_we_ask=""),
        lambda: services.questionnaire_question_delete(question=question, actor=p.adam),
        lambda: services.questionnaire_option_add(question=question, actor=p.adam, key="new", label="New", points=0, unable=False, outcomes=[]),
        lambda: services.questionnaire_option_delete(option=option, actor=p.adam),
        lambda: services.questionnaire_condition_set(question=question, actor=p.adam, options=[]),
    ):
        with pytest.raises(MoveNotAllowed, match="published"):
            attempt()
    assert questionnaire_spec(questionnaire=questionnaire) == before


@pytest.mark.parametrize("who", ["wendy", "mandy", "alice"])
def test_only_administrators_change_a_draft(p, draft, who):
    with pytest.raises(MoveNotAllowed, match="administrators"):
        services.questionnaire_section_add(questionnaire=draft, actor=getattr(p, who), key="new", title="New")
    with pytest.raises(MoveNotAllowed, match="administrators"):
        services.questionnaire_condition_set(question=draft.questions.get(key="caring-for-child"), actor=getattr(p, who), options=[])
    assert draft.sections.count() == 3 and draft.questions.get(key="caring-for-child").shown_when.count() == 1


# Pages


def test_adam_builds_a_new_question_in_the_pages_and_publishes(client, p, draft):
    client.force_login(p.adam)
    page = client.get(url("detail", draft.pk)).content.decode()
    assert "Add a section" in page and "When to ask" in page and "Add an answer" in page
    response = client.post(url("section_add", draft.pk), {"title": "Money", "key": "Money!"})
    page = response.content.decode()
    assert "There is a problem" in page and "<title>Error: " in page and "lower-case letters" in page
    assert not draft.sections.filter(title="Money").exists()
    response = client.post(url("section_add", draft.pk), {"title": "Money", "key": "your-home"})
    assert "already has a section with the key" in response.content.decode()
    assert client.post(url("section_add", draft.pk), {"title": "Money", "key": "money"}).url == url("detail", draft.pk)
    money = draft.sections.get(key="money")
    assert "This section has no questions yet." in client.get(url("detail", draft.pk)).content.decode()

    assert f'value="{money.pk}" selected' in client.get(url("question_add", draft.pk) + f"?section={money.pk}").content.decode()
    response = client.post(url("question_add", draft.pk), {"text": "", "key": "bills", "section": money.pk})
    assert "Enter the question" in response.content.decode()
    response = client.post(url("question_add", draft.pk), {
        "text": "How do you manage paying bills?", "key": "bills", "hint": "", "why_we_ask": "", "order": "", "section": money.pk,
    })
    assert response.url == url("detail", draft.pk)
    bills = draft.questions.get(key="bills")
    assert bills.section == money
    for key, label, unable in (("own", "On my own", "no"), ("help", "With help", "yes")):
        response = client.post(url("option_add", draft.pk, bills.pk), {
            "label": label, "key": key, "order": "", "points": 2, "outcomes": ["home_safety"], "unable": unable,
        })
        assert response.url == url("detail", draft.pk)
    response = client.post(url("option_add", draft.pk, bills.pk), {"label": "Again", "key": "own", "points": 0, "unable": "no"})
    assert "already has an answer with the key" in response.content.decode()
    assert [(o.key, o.unable) for o in bills.options.all()] == [("own", False), ("help", True)]

    child_yes = draft.questions.get(key="child").options.get(key="yes")
    page = client.get(url("question_condition", draft.pk, bills.pk)).content.decode()
    assert "Do you look after a child?: “Yes”" in page
    response = client.post(url("question_condition", draft.pk, bills.pk), {"options": [child_yes.pk, draft.questions.get(key="getting-out").options.first().pk]})
    assert "Tick answers to one earlier question only" in response.content.decode() and not bills.shown_when.exists()
    assert client.post(url("question_condition", draft.pk, bills.pk), {"options": [child_yes.pk]}).status_code == 302
    assert list(bills.shown_when.all()) == [child_yes]
    assert "Asked only after “Yes” to “Do you look after a child?”" in client.get(url("detail", draft.pk)).content.decode()
    client.post(url("question_condition", draft.pk, bills.pk), {})
    assert not bills.shown_when.exists()

    assert client.post(url("publish", draft.pk)).url == url("detail", draft.pk)
    assert questionnaire_live(council=p.northshire) == draft


def test_adam_deletes_in_the_pages_after_confirming_and_is_told_what_stops_it(client, p, draft):
    client.force_login(p.adam)
    child = draft.questions.get(key="child")
    page = client.get(url("question_delete", draft.pk, child.pk)).content.decode()
    assert "Are you sure you want to delete this question?" in page and "Do you look after a child?" in page
    response = client.post(url("question_delete", draft.pk, child.pk))
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and "Change or clear that condition first" in page
    assert Question.objects.filter(pk=child.pk).exists()
    home = draft.sections.get(key="your-home")
    assert "still has questions" in client.post(url("section_delete", draft.pk, home.pk)).content.decode()

    caring = draft.questions.get(key="caring-for-child")
    option = caring.options.first()
    assert client.post(url("option_delete", draft.pk, option.pk)).url == url("detail", draft.pk)
    assert client.post(url("question_delete", draft.pk, caring.pk)).url == url("detail", draft.pk)
    assert client.post(url("question_delete", draft.pk, child.pk)).url == url("detail", draft.pk)
    assert not Question.objects.filter(pk__in=[child.pk, caring.pk]).exists()
    assert not AnswerOption.objects.filter(pk=option.pk).exists()
    # Without them nothing covers caring for a child: publishing says so.
    assert "Carrying out any caring responsibilities for a child" in client.post(url("publish", draft.pk)).content.decode()


def test_the_pages_of_a_published_version_send_back_and_change_nothing(client, p, questionnaire):
    client.force_login(p.adam)
    section = questionnaire.sections.first()
    question = questionnaire.questions.get(key="caring-for-child")
    option = question.options.first()
    before = questionnaire_spec(questionnaire=questionnaire)
    for name, args, data in (
        ("section_add", (questionnaire.pk,), {"title": "New", "key": "new"}),
        ("section_delete", (questionnaire.pk, section.pk), {}),
        ("question_add", (questionnaire.pk,), {"text": "New", "key": "new", "section": section.pk}),
        ("question_delete", (questionnaire.pk, question.pk), {}),
        ("question_condition", (questionnaire.pk, question.pk), {}),
        ("option_add", (questionnaire.pk, question.pk), {"label": "New", "key": "new", "points": 0, "unable": "no"}),
        ("option_delete", (questionnaire.pk, option.pk), {}),
    ):
        for response in (client.get(url(name, *args)), client.post(url(name, *args), data)):
            assert response.status_code == 302 and response.url == url("detail", questionnaire.pk), name
    assert questionnaire_spec(questionnaire=questionnaire) == before
    assert "can&#x27;t be changed" in client.get(url("detail", questionnaire.pk)).content.decode()


@pytest.mark.parametrize("who", ["wendy", "mandy", "alice", "rita", "other_admin"])
def test_only_this_councils_administrators_reach_the_editing_pages(client, p, draft, who):
    other_admin = UserFactory(council=p.southvale, role=Role.COUNCIL_ADMIN, email="ava@southvale.example")
    client.force_login(other_admin if who == "other_admin" else getattr(p, who))
    section = draft.sections.first()
    question = draft.questions.get(key="caring-for-child")
    before = questionnaire_spec(questionnaire=draft)
    for name, args in (
        ("section_add", (draft.pk,)), ("section_delete", (draft.pk, section.pk)), ("question_add", (draft.pk,)),
        ("question_delete", (draft.pk, question.pk)), ("question_condition", (draft.pk, question.pk)),
        ("option_add", (draft.pk, question.pk)), ("option_delete", (draft.pk, question.options.first().pk)),
    ):
        assert client.get(url(name, *args)).status_code == 404, name
        assert client.post(url(name, *args), {"title": "x", "key": "x"}).status_code == 404, name
    assert questionnaire_spec(questionnaire=draft) == before


def test_an_item_of_another_version_is_not_found_through_the_draft(client, p, questionnaire, draft):
    client.force_login(p.adam)
    live_question = questionnaire.questions.first()
    assert client.get(url("question_delete", draft.pk, live_question.pk)).status_code == 404
    assert client.get(url("option_delete", draft.pk, live_question.options.first().pk)).status_code == 404
    assert client.get(url("section_delete", draft.pk, questionnaire.sections.first().pk)).status_code == 404
