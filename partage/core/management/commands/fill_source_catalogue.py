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
            if entry.msgid_plural:
                if not all(entry.msgstr_plural.values()):
                    entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                    filled += 1
            elif not entry.msgstr:
                entry.msgstr = entry.msgid
                filled += 1
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.msgstr = entry.msgid
        po.save()
        self.stdout.write(f"{filled} chaînes françaises complétées.")
