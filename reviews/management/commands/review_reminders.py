"""Run the review-reminder sweep once, now: what Celery beat does every hour in a deployment."""

from django.core.management.base import BaseCommand

from reviews.models import ReviewReminder
from reviews.tasks import review_reminder_sweep


class Command(BaseCommand):
    help = "Record and send the review reminders that are due (safe to run any number of times)."

    def handle(self, *args, **options):
        before = ReviewReminder.objects.filter(sent_at__isnull=False).count()
        queued = review_reminder_sweep()
        sent = ReviewReminder.objects.filter(sent_at__isnull=False).count() - before
        self.stdout.write(f"{queued} reminder(s) were due to send; {sent} sent now.")
