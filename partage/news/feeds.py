"""RSS and Atom feeds of published posts.

Feed readers cannot log in, so the feeds are public and carry only the title,
summary, date and link of published posts (docs/decisions/0004-news-feeds-public.md).
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Post


class LatestPostsRss(Feed):
    title = _("Partage — Actualités du Projet d'Administration Partagé")
    link = reverse_lazy("news:list")
    description = _("Les dernières actualités de la feuille de route.")

    def items(self):
        return Post.objects.published().only("title", "slug", "summary", "published_at")[:20]

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return item.summary

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_guid(self, item: Post) -> str:
        return self.item_link(item)


class LatestPostsAtom(LatestPostsRss):
    feed_type = Atom1Feed
    subtitle = LatestPostsRss.description
