"""Copy each msgid into the French msgstr: French is the source language, so its
catalogue is complete when every entry carries its own text (tests check it)."""

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Remplit le catalogue français (langue source) avec les chaînes d'origine."

    def handle(self, *args, **options):
        path = settings.LOCALE_PATHS[0] / "fr" / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(path))
        filled = 0
        for entry in po:
            # Always the entry's own text, even where makemessages guessed a "fuzzy" neighbour's.
            wanted = {0: entry.msgid, 1: entry.msgid_plural} if entry.msgid_plural else entry.msgid
            current = entry.msgstr_plural if entry.msgid_plural else entry.msgstr
            if current != wanted or "fuzzy" in entry.flags:
                if entry.msgid_plural:
                    entry.msgstr_plural = wanted
                else:
                    entry.msgstr = wanted
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
                filled += 1
        po.save()
        self.stdout.write(f"{filled} chaînes françaises complétées.")
