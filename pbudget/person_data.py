"""
Every model that holds data about a person, found by walking foreign keys to Person, so a model
added tomorrow is covered by subject access and retention the day it is added (and
tests/security/test_subject_access.py makes someone look at it).
"""

import datetime
import decimal

from django.apps import apps
from django.db import models

from pbudget.models import AuditEntry, Person, SubjectAccessExport


def person_models() -> dict:
    """{model: lookup from it to Person}, e.g. {SupportLine: "plan__budget__person"}; Person is ""."""
    paths = {Person: ""}
    changed = True
    while changed:  # a fixed point: models reach Person through models that do
        changed = False
        for model in apps.get_models():
            if model in paths or model is SubjectAccessExport:  # the exports are copies, not a source
                continue
            for field in model._meta.concrete_fields:
                if field.is_relation and field.many_to_one or (field.is_relation and field.one_to_one):
                    if field.related_model in paths:
                        rest = paths[field.related_model]
                        paths[model] = f"{field.name}__{rest}" if rest else field.name
                        changed = True
                        break
    return paths


def rows_for(model, path, person):
    queryset = model.objects.all() if model is not Person else Person.objects.all()
    return queryset.filter(**({path: person} if path else {"pk": person.pk})).order_by("pk")


def plain(value):
    """A field value as JSON can hold it."""
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return f"[file, {len(value)} bytes]"
    return value


def row_dict(row) -> dict:
    return {field.attname: plain(getattr(row, field.attname)) for field in row._meta.concrete_fields}


REMOVED = "[removed]"
NEVER_SCRUBBED = {AuditEntry}  # append-only; it says who looked, not what about


def free_text_fields(model) -> dict:
    """
    {field: what replaces it} for what people type or files about them: long text (TextField, or
    CharField of 200+ characters: shorter ones here are keys and codes) and stored files.
    """
    scrub = {}
    for field in model._meta.concrete_fields:
        if field.choices or field.unique or isinstance(field, (models.SlugField, models.EmailField)):
            continue
        if isinstance(field, models.TextField) or (isinstance(field, models.CharField) and field.max_length >= 200):
            scrub[field.name] = REMOVED
        elif isinstance(field, models.BinaryField):
            scrub[field.name] = None if field.null else b""
    return scrub
