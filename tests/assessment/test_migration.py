"""The questionnaire shape migration carries existing rows over (sections, keys, outcomes)."""

import pytest

from tests.migrations import migrate, newest_afterwards

BEFORE = [("assessment", "0002_initial")]
AFTER = [("assessment", "0004_sections_required")]


@pytest.mark.django_db(transaction=True)
def test_old_questions_get_sections_keys_and_outcomes():
    with newest_afterwards():
        old = migrate(BEFORE)
        council = old.get_model("pbudget", "Council").objects.create(name="Oldshire", slug="oldshire")
        questionnaire = old.get_model("assessment", "Questionnaire").objects.create(council=council, version=1, title="Old")
        Question, Option = old.get_model("assessment", "Question"), old.get_model("assessment", "AnswerOption")
        rows = [("Looking after yourself", "nutrition"), ("Looking after yourself", "toilet"), ("Your home", "home_safety")]
        for order, (section, outcome) in enumerate(rows, start=1):
            question = Question.objects.create(
                questionnaire=questionnaire, order=order, section=section, text=f"Q{order}", outcome=outcome
            )
            Option.objects.create(question=question, order=1, label="I manage on my own", points=0)
            Option.objects.create(question=question, order=2, label="I manage on my own", points=3, unable=True)

        new = migrate(AFTER)
        sections = new.get_model("assessment", "Section").objects.filter(questionnaire_id=questionnaire.pk).order_by("order")
        assert [(s.key, s.title) for s in sections] == [
            ("looking-after-yourself", "Looking after yourself"), ("your-home", "Your home"),
        ]
        questions = new.get_model("assessment", "Question").objects.filter(questionnaire_id=questionnaire.pk).order_by("order")
        assert [(q.key, q.section.key) for q in questions] == [
            ("nutrition", "looking-after-yourself"), ("toilet", "looking-after-yourself"), ("home-safety", "your-home"),
        ]
        options = new.get_model("assessment", "AnswerOption").objects.filter(question=questions[2]).order_by("order")
        # Duplicate labels still get keys unique within the question.
        assert [(o.key, o.outcomes, o.unable) for o in options] == [
            ("i-manage-on-my-own", ["home_safety"], False), ("i-manage-on-my-own-2", ["home_safety"], True),
        ]
