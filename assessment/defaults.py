"""
The questionnaire a new council starts with: one question for each of the ten Care Act
outcomes, in plain English, about a typical week.

Points weigh how much help an answer means (personal care weighs more than housework);
`unable` follows the Eligibility Regulations: an outcome is not achieved when the person needs
help, or manages only with significant pain, distress or anxiety, or risk, or takes
significantly longer than normal. So "I manage, but it's hard" is `unable` with few points.
Councils publish their own versions later; this one is data, not code they must keep.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from assessment.models import AnswerOption, Question, Questionnaire
from assessment.selectors import questionnaire_live
from pbudget.care_act import CareActOutcome as O

TITLE = "Tell us about a typical week"

OWN = "I manage on my own"
HARD = "I manage, but it's hard: it takes me much longer, hurts, or worries me"


def _options(some: str, all_: str, points: tuple[int, int, int], own: str = OWN, hard: str = HARD):
    """The usual four answers: on my own, hard, some help, all help."""
    return [(own, 0, False), (hard, points[0], True), (some, points[1], True), (all_, points[2], True)]


# (section, outcome, question, hint, why we ask, options as (label, points, unable))
QUESTIONS = [
    (
        "Looking after yourself", O.NUTRITION,
        "How do you manage food and drink?",
        "Think about a typical week: shopping for food, making meals and hot drinks, eating and drinking enough.",
        "Everyone needs to eat and drink well to stay healthy. If this is hard, support such as help "
        "with shopping or cooking may be part of your plan.",
        _options("I need someone to help with some of it, or to remind me", "I need someone to do it all for me", (2, 5, 10)),
    ),
    (
        "Looking after yourself", O.HYGIENE,
        "How do you manage washing and keeping clean?",
        "Think about a typical week: washing, bathing or showering, brushing your teeth and hair.",
        "Keeping clean matters for your health and how you feel. We ask so that any help you need "
        "with washing is counted.",
        _options("I need someone to help with some of it, or to remind me", "I need someone to do it all for me", (3, 6, 12)),
    ),
    (
        "Looking after yourself", O.TOILET,
        "How do you manage going to the toilet?",
        "Think about a typical week, day and night, including any pads or continence products you use.",
        "Some people need help with the toilet but find it hard to say so. Your answer is kept private "
        "and helps us count the support you need.",
        _options("I need someone with me some of the time", "I need someone to help me every time", (3, 6, 12)),
    ),
    (
        "Looking after yourself", O.CLOTHING,
        "How do you manage getting dressed?",
        "Think about a typical week: choosing clothes for the weather, putting them on and taking them off.",
        "Being dressed in a way that suits you and the weather is one of the outcomes the law asks us to look at.",
        _options("I need someone to help with some of it, or to remind me", "I need someone to dress me", (2, 4, 8)),
    ),
    (
        "Your home", O.HOME_SAFETY,
        "How do you manage moving around your home safely?",
        "Think about a typical week: getting in and out of bed or a chair, using the stairs, getting to "
        "the kitchen and bathroom.",
        "We want you to be safe at home. If you have fallen or are afraid of falling, help or equipment may "
        "be part of your plan.",
        _options("I need someone with me for some of it", "I can't move around my home without someone helping me", (3, 6, 12)),
    ),
    (
        "Your home", O.HABITABLE_HOME,
        "How do you manage keeping your home clean, warm and safe?",
        "Think about a typical week: cleaning, laundry, keeping the heating on, dealing with bills and repairs.",
        "A home that is clean, warm and safe to live in is one of the outcomes the law asks us to look at.",
        _options("I need someone to help with some of it", "I need someone to do it all for me", (2, 4, 8)),
    ),
    (
        "People and places", O.RELATIONSHIPS,
        "How do you manage seeing the people who matter to you?",
        "Think about a typical week: family, friends and neighbours, in person, by phone or online.",
        "Feeling lonely or cut off affects your wellbeing. Support can help you keep in touch with people.",
        [
            ("I manage on my own and see people as often as I want to", 0, False),
            ("I manage, but it's hard and I often feel lonely", 1, True),
            ("I need help to see people or keep in touch", 3, True),
            ("I rarely see anyone, even with help", 6, True),
        ],
    ),
    (
        "People and places", O.WORK_LEARNING,
        "How do you manage work, learning or volunteering?",
        "Think about a typical week. If you don't want to work, learn or volunteer, choose the first answer.",
        "If you want to work, learn or volunteer, support can help you do it. If you don't, that is fine: "
        "it adds nothing and takes nothing away.",
        [
            ("I manage on my own, or it isn't something I want to do", 0, False),
            ("I could, with some help", 2, True),
            ("I can't without a lot of help", 5, True),
        ],
    ),
    (
        "People and places", O.COMMUNITY,
        "How do you manage getting out and about in your area?",
        "Think about a typical week: getting to the shops, your GP or the bank, using buses or trains, "
        "going to places you enjoy.",
        "Using local shops, services and transport is one of the outcomes the law asks us to look at.",
        _options("I need someone with me for some trips", "I can't go out without someone with me", (2, 4, 8)),
    ),
    (
        "People and places", O.CARING,
        "How do you manage looking after a child?",
        "Think about a typical week. If you don't look after a child, choose the first answer.",
        "If you care for a child, support for you can help you carry on caring. If you don't, this "
        "question adds nothing.",
        _options(
            "I need help with some of it", "I can't look after them without a lot of help", (2, 4, 8),
            own="I manage on my own, or I don't look after a child",
        ),
    ),
]


@transaction.atomic
def default_questionnaire(*, council) -> Questionnaire:
    """
    The council's live questionnaire, or, when it has none, the default one created and
    published. Idempotent: calling it again returns the same questionnaire.
    """
    existing = questionnaire_live(council=council)
    if existing is not None:
        return existing
    latest = Questionnaire.objects.filter(council=council).aggregate(v=Max("version"))["v"] or 0
    questionnaire = Questionnaire.objects.create(
        council=council, version=latest + 1, title=TITLE, published_at=timezone.now()
    )
    for order, (section, outcome, text, hint, why, options) in enumerate(QUESTIONS, start=1):
        question = Question.objects.create(
            questionnaire=questionnaire, order=order, section=section, text=text, hint=hint,
            why_we_ask=why, outcome=outcome,
        )
        AnswerOption.objects.bulk_create(
            AnswerOption(question=question, order=n, label=label, points=points, unable=unable)
            for n, (label, points, unable) in enumerate(options, start=1)
        )
    return questionnaire
