"""
Data: each council's single delegation limit becomes version 1 of its delegation rules, published,
keeping its meaning (a social worker up to the limit and within the indicative budget; a team
manager for everything else, no panel). Each existing summary sheet is tied to its plan version.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    DelegationLimit = apps.get_model("signoff", "DelegationLimit")
    DelegationRuleSet = apps.get_model("signoff", "DelegationRuleSet")
    SummarySheet = apps.get_model("signoff", "SummarySheet")
    for limit in DelegationLimit.objects.all():
        DelegationRuleSet.objects.create(
            council_id=limit.council_id, team=None, version=1,
            social_worker_yearly_limit_pence=limit.social_worker_yearly_limit_pence,
            social_worker_over_indicative_percent=0, social_worker_needs_no_risk_flag=True,
            team_manager_yearly_limit_pence=None, created_at=limit.updated_at, published_at=limit.updated_at,
        )
    for sheet in SummarySheet.objects.select_related("decision"):
        sheet.plan_id, sheet.plan_lock_version = sheet.decision.plan_id, sheet.decision.plan_lock_version
        sheet.save(update_fields=["plan", "plan_lock_version"])


def backwards(apps, schema_editor):
    DelegationLimit = apps.get_model("signoff", "DelegationLimit")
    DelegationRuleSet = apps.get_model("signoff", "DelegationRuleSet")
    for rules in DelegationRuleSet.objects.filter(team__isnull=True, published_at__isnull=False).order_by("council", "-version"):
        DelegationLimit.objects.get_or_create(
            council_id=rules.council_id, defaults={"social_worker_yearly_limit_pence": rules.social_worker_yearly_limit_pence}
        )


class Migration(migrations.Migration):
    dependencies = [("signoff", "0002_delegation_rules_and_requests")]
    operations = [migrations.RunPython(forwards, backwards)]
