"""The second half of 0003: with the rows carried over, drop the old columns and require the new ones.

(A separate migration, so PostgreSQL commits the carried-over rows before the tables are altered.)
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("assessment", "0003_sections_keys_outcomes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="question", name="question_outcome_valid"),
        migrations.RemoveConstraint(model_name="question", name="question_order_unique"),
        migrations.RemoveConstraint(model_name="answeroption", name="option_order_unique"),
        migrations.RemoveField(model_name="question", name="outcome"),
        migrations.RemoveField(model_name="question", name="section"),
        migrations.RenameField(model_name="question", old_name="section_row", new_name="section"),
        migrations.AlterField(
            model_name="question", name="section",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="questions", to="assessment.section"),
        ),
        migrations.AlterField(model_name="question", name="key", field=models.SlugField()),
        migrations.AlterField(model_name="answeroption", name="key", field=models.SlugField()),
        migrations.AddField(
            model_name="question", name="shown_when",
            field=models.ManyToManyField(blank=True, related_name="reveals", to="assessment.answeroption"),
        ),
        migrations.AlterModelOptions(name="question", options={"ordering": ["questionnaire", "order", "pk"]}),
        migrations.AlterModelOptions(name="answeroption", options={"ordering": ["question", "order", "pk"]}),
        migrations.AddConstraint(
            model_name="section", constraint=models.UniqueConstraint(fields=("questionnaire", "key"), name="section_key_unique"),
        ),
        migrations.AddConstraint(
            model_name="question", constraint=models.UniqueConstraint(fields=("questionnaire", "key"), name="question_key_unique"),
        ),
        migrations.AddConstraint(
            model_name="answeroption", constraint=models.UniqueConstraint(fields=("question", "key"), name="option_key_unique"),
        ),
        migrations.CreateModel(
            name="SectionNote",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField()),
                ("written_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("assessment", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notes", to="assessment.assessment")),
                ("section", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="assessment.section")),
                ("written_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={"constraints": [models.UniqueConstraint(fields=("assessment", "section"), name="one_note_per_section")]},
        ),
    ]
