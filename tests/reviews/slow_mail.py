"""
An email backend for the worker tests: writes each message to a file, as Django's file backend does,
after a pause (SLOW_MAIL_SECONDS), so a test can kill the worker while a send is in flight.
"""

import os
import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.5")))
        return super().send_messages(email_messages)
