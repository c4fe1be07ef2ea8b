"""RSS feed of a commune's upcoming and ongoing notices (public fields only)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from partage.organisation.models import Commune

from .models import WorksNotice
from .views.public import public_notices_of


class CommuneNoticesFeed(Feed):
    def get_object(self, request, slug: str) -> Commune:
        return get_object_or_404(Commune, slug=slug)

    def title(self, commune: Commune) -> str:
        return _("Travaux et perturbations — %(commune)s") % {"commune": commune.name}

    def link(self, commune: Commune) -> str:
        return reverse("communes:notices", kwargs={"slug": commune.slug})

    def description(self, commune: Commune) -> str:
        return _("Travaux et changements de service de Lorient Agglomération à %(commune)s.") % {
            "commune": commune.name
        }

    def items(self, commune: Commune) -> list[WorksNotice]:
        notices = list(public_notices_of(commune)[:50])
        for notice in notices:
            notice.page_url = self.link(commune)  # items only know their own fields
        return notices

    def item_title(self, item: WorksNotice) -> str:
        return f"{item.get_nature_display()} : {item.title}"

    def item_description(self, item: WorksNotice) -> str:
        return item.public_message

    def item_link(self, item: WorksNotice) -> str:
        return item.page_url + f"#avis-{item.pk}"

    def item_guid(self, item: WorksNotice) -> str:
        return f"territory-notice-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: WorksNotice):
        return item.starts_at
