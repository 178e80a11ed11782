"""
The questionnaire a new council starts with: eleven questions in plain English about a
typical week, covering the ten Care Act outcomes. The question about looking after a child is
asked only of people who say they look after one.

Points weigh how much help an answer means (personal care weighs more than housework);
`unable` follows the Eligibility Regulations: an outcome is not achieved when the person needs
help, or manages only with significant pain, distress or anxiety, or risk, or takes
significantly longer than normal. So "I manage, but it's hard" is `unable` with few points.
Keys are stable across versions: the RAS keys its weights and adjustments by them.
Councils publish their own versions later; this one is data, not code they must keep.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from assessment.models import Questionnaire
from assessment.questionnaire_services import questionnaire_build
from assessment.selectors import questionnaire_live
from pbudget.care_act import CareActOutcome as O

TITLE = "Tell us about a typical week"

SECTIONS = [
    ("looking-after-yourself", "Looking after yourself"),
    ("your-home", "Your home"),
    ("people-and-places", "People and places"),
]

OWN = ("own", "I manage on my own")
HARD = ("hard", "I manage, but it's hard: it takes me much longer, hurts, or worries me")
SOME = "some-help"
ALL = "all-help"


def _options(outcomes, some: str, all_: str, points: tuple[int, int, int], own=OWN, all_outcomes=None):
    """The usual four answers: on my own, hard, some help, all help, as (key, label, points, unable, outcomes)."""
    return [
        (*own, 0, False, outcomes), (*HARD, points[0], True, outcomes),
        (SOME, some, points[1], True, outcomes), (ALL, all_, points[2], True, all_outcomes or outcomes),
    ]


def _q(section, key, text, hint, why, options, shown_when=None):
    return {"section": section, "key": key, "text": text, "hint": hint, "why": why, "options": options, "shown_when": shown_when}


QUESTIONS = [
    _q(
        "looking-after-yourself", "food-and-drink", "How do you manage food and drink?",
        "Think about a typical week: shopping for food, making meals and hot drinks, eating and drinking enough.",
        "Everyone needs to eat and drink well to stay healthy. If this is hard, support such as help "
        "with shopping or cooking may be part of your plan.",
        _options([O.NUTRITION], "I need someone to help with some of it, or to remind me", "I need someone to do it all for me", (2, 5, 10)),
    ),
    _q(
        "looking-after-yourself", "washing", "How do you manage washing and keeping clean?",
        "Think about a typical week: washing, bathing or showering, brushing your teeth and hair.",
        "Keeping clean matters for your health and how you feel. We ask so that any help you need "
        "with washing is counted.",
        _options([O.HYGIENE], "I need someone to help with some of it, or to remind me", "I need someone to do it all for me", (3, 6, 12)),
    ),
    _q(
        "looking-after-yourself", "toilet", "How do you manage going to the toilet?",
        "Think about a typical week, day and night, including any pads or continence products you use.",
        "Some people need help with the toilet but find it hard to say so. Your answer is kept private "
        "and helps us count the support you need.",
        _options([O.TOILET], "I need someone with me some of the time", "I need someone to help me every time", (3, 6, 12)),
    ),
    _q(
        "looking-after-yourself", "dressing", "How do you manage getting dressed?",
        "Think about a typical week: choosing clothes for the weather, putting them on and taking them off.",
        "Being dressed in a way that suits you and the weather is one of the outcomes the law asks us to look at.",
        _options([O.CLOTHING], "I need someone to help with some of it, or to remind me", "I need someone to dress me", (2, 5, 8)),
    ),
    _q(
        "your-home", "moving-around", "How do you manage moving around your home safely?",
        "Think about a typical week: getting in and out of bed or a chair, using the stairs, getting to "
        "the kitchen and bathroom.",
        "We want you to be safe at home. If you have fallen or are afraid of falling, help or equipment may "
        "be part of your plan.",
        # Someone who can't move around the home alone can't get to the toilet alone either.
        _options(
            [O.HOME_SAFETY], "I need someone with me for some of it", "I can't move around my home without someone helping me",
            (3, 6, 12), all_outcomes=[O.HOME_SAFETY, O.TOILET],
        ),
    ),
    _q(
        "your-home", "keeping-house", "How do you manage keeping your home clean, warm and safe?",
        "Think about a typical week: cleaning, laundry, keeping the heating on, dealing with bills and repairs.",
        "A home that is clean, warm and safe to live in is one of the outcomes the law asks us to look at.",
        _options([O.HABITABLE_HOME], "I need someone to help with some of it", "I need someone to do it all for me", (2, 5, 8)),
    ),
    _q(
        "people-and-places", "seeing-people", "How do you manage seeing the people who matter to you?",
        "Think about a typical week: family, friends and neighbours, in person, by phone or online.",
        "Feeling lonely or cut off affects your wellbeing. Support can help you keep in touch with people.",
        [
            ("own", "I manage on my own and see people as often as I want to", 0, False, [O.RELATIONSHIPS]),
            ("hard", "I manage, but it's hard and I often feel lonely", 1, True, [O.RELATIONSHIPS]),
            ("some-help", "I need help to see people or keep in touch", 4, True, [O.RELATIONSHIPS]),
            ("all-help", "I rarely see anyone, even with help", 6, True, [O.RELATIONSHIPS]),
        ],
    ),
    _q(
        "people-and-places", "work-and-learning", "How do you manage work, learning or volunteering?",
        "Think about a typical week. If you don't want to work, learn or volunteer, choose the first answer.",
        "If you want to work, learn or volunteer, support can help you do it. If you don't, that is fine: "
        "it adds nothing and takes nothing away.",
        [
            ("own", "I manage on my own, or it isn't something I want to do", 0, False, [O.WORK_LEARNING]),
            ("some-help", "I could, with some help", 2, True, [O.WORK_LEARNING]),
            ("all-help", "I can't without a lot of help", 5, True, [O.WORK_LEARNING]),
        ],
    ),
    _q(
        "people-and-places", "getting-out", "How do you manage getting out and about in your area?",
        "Think about a typical week: getting to the shops, your GP or the bank, using buses or trains, "
        "going to places you enjoy.",
        "Using local shops, services and transport is one of the outcomes the law asks us to look at.",
        _options([O.COMMUNITY], "I need someone with me for some trips", "I can't go out without someone with me", (2, 5, 8)),
    ),
    _q(
        "people-and-places", "child", "Do you look after a child?",
        "Think about a typical week. This means a child under 18 who you look after, on your own or with someone else.",
        "If you look after a child, we ask one more question about how you manage it. If you don't, "
        "we skip it.",
        [("yes", "Yes", 0, False, [O.CARING]), ("no", "No", 0, False, [])],
    ),
    _q(
        "people-and-places", "caring-for-child", "How do you manage looking after your child?",
        "Think about a typical week: getting them up, fed and to school, and being there for them.",
        "Support for you can help you carry on caring for your child. It is not about judging how you care.",
        _options(
            [O.CARING], "I need help with some of it", "I can't look after them without a lot of help", (2, 4, 8),
            own=("own", "I manage on my own"),
        ),
        shown_when=("child", ["yes"]),
    ),
]


def _as_spec(questions):
    """The tuples above in `assessment.spec`'s shape."""
    return [
        {**q, "options": [
            {"key": key, "label": label, "points": points, "unable": unable, "outcomes": [str(o) for o in outcomes]}
            for key, label, points, unable, outcomes in q["options"]
        ]}
        for q in questions
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
    questionnaire_build(
        questionnaire=questionnaire, sections=[{"key": k, "title": t} for k, t in SECTIONS], questions=_as_spec(QUESTIONS),
    )
    return questionnaire
