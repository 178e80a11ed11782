"""
Which questions a person is asked, given what they have answered so far. Pure: no Django.

A question with no condition is always asked. A conditional question names the answers
(options of one earlier question) that make it relevant, e.g. "How do you manage looking after
a child?" only after "Yes" to "Do you look after a child?". It is asked when an earlier
*asked* question was answered with one of them; so hiding a question also hides the questions
that depend on it, and a condition on a later question never holds.
"""

from collections.abc import Iterable, Mapping


def visible_ids(rules: Iterable[tuple[int, frozenset[int]]], chosen: Mapping[int, int]) -> list[int]:
    """
    The ids of the questions to ask, in order.

    `rules` are (question id, ids of the options that reveal it; empty for always) in question
    order; `chosen` maps question id to the chosen option id.
    """
    asked, picked = [], set()
    for question_id, revealed_by in rules:
        if revealed_by and not (revealed_by & picked):
            continue
        asked.append(question_id)
        if question_id in chosen:
            picked.add(chosen[question_id])
    return asked
