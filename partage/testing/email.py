"""An email backend for the fault tests: Django's file backend, slowed down so a test can kill the worker in
the middle of a batch (EMAIL_TEST_DELAY seconds per message), into EMAIL_TEST_DIR."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, file_path=file_path or os.environ.get("EMAIL_TEST_DIR"), **kwargs)

    def write_message(self, message):
        time.sleep(float(os.environ.get("EMAIL_TEST_DELAY", "0")))
        super().write_message(message)
        self.stream.flush()
