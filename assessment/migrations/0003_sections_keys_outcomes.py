"""
The questionnaire's contract shape: sections as rows, stable keys for sections, questions and
answers, the outcomes an answer bears on, conditional questions, and per-section notes.
Existing rows are carried over: each distinct section name becomes a Section, each question's
one outcome becomes its options' outcomes, and keys are made from what is there.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify

import assessment.models


def _unique(base, taken):
    base = (base or "item")[:44].strip("-") or "item"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


def carry_over(apps, schema_editor):
    Questionnaire = apps.get_model("assessment", "Questionnaire")
    Section = apps.get_model("assessment", "Section")
    Question = apps.get_model("assessment", "Question")
    AnswerOption = apps.get_model("assessment", "AnswerOption")
    for questionnaire in Questionnaire.objects.all():
        sections, section_keys, question_keys = {}, set(), set()
        for question in Question.objects.filter(questionnaire=questionnaire).order_by("order", "pk"):
            name = question.section or "Questions"
            if name not in sections:
                sections[name] = Section.objects.create(
                    questionnaire=questionnaire, order=len(sections) + 1,
                    key=_unique(slugify(name), section_keys), title=name,
                )
            question.section_row = sections[name]
            question.key = _unique(slugify(question.outcome.replace("_", "-")), question_keys)
            question.save(update_fields=["section_row", "key"])
            option_keys = set()
            for option in AnswerOption.objects.filter(question=question).order_by("order", "pk"):
                option.key = _unique(slugify(option.label), option_keys)
                option.outcomes = [question.outcome]
                option.save(update_fields=["key", "outcomes"])


class Migration(migrations.Migration):

    dependencies = [
        ("assessment", "0002_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Section",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("order", models.PositiveIntegerField()),
                ("key", models.SlugField()),
                ("title", models.CharField(max_length=200)),
                ("questionnaire", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="sections", to="assessment.questionnaire")),
            ],
            options={"ordering": ["questionnaire", "order", "pk"]},
        ),
        migrations.AddField(
            model_name="question", name="section_row",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="questions", to="assessment.section"),
        ),
        migrations.AddField(model_name="question", name="key", field=models.SlugField(default="")),
        migrations.AddField(model_name="answeroption", name="key", field=models.SlugField(default="")),
        migrations.AddField(
            model_name="answeroption", name="outcomes",
            field=models.JSONField(blank=True, default=list, validators=[assessment.models._outcomes_valid]),
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
    ]
