"""Online assessments started by someone other than the person were by a representative."""

from django.db import migrations
from django.db.models import F


def split_online(apps, schema_editor):
    Assessment = apps.get_model("assessment", "Assessment")
    (
        Assessment.objects.filter(channel="online")
        .exclude(started_by_id=F("budget__person__user_id"))
        .update(channel="online_representative")
    )


class Migration(migrations.Migration):

    dependencies = [("assessment", "0005_versions_channels_eligibility")]

    operations = [migrations.RunPython(split_online, migrations.RunPython.noop)]
