"""Published news: the public feeds' fields for everyone; the whole post for those who may read the
news pages, with the pages' own queryset (`Post.objects.visible_to`, drafts for editors)."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from partage.news.models import Post

from .. import serializers as s


def reads_news(user) -> bool:
    return bool(user and user.has_perm("news.view_posts"))


def posts_for(user):
    if reads_news(user):
        return Post.objects.visible_to(user).prefetch_related("actions", "axes")
    return Post.objects.published()


class PostList(generics.ListAPIView):
    """Les actualités publiées (titre, chapô, date, comme les flux publics) ; le texte entier pour les agents."""

    def get_serializer_class(self):
        return s.ReaderPostSerializer if reads_news(self.request.user) else s.PostSerializer

    def get_queryset(self):
        return posts_for(self.request.user)

    @extend_schema(responses=s.ReaderPostSerializer(many=True))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PostDetail(generics.RetrieveAPIView):
    lookup_field = "slug"

    def get_serializer_class(self):
        return s.ReaderPostSerializer if reads_news(self.request.user) else s.PostSerializer

    def get_queryset(self):
        return posts_for(self.request.user)

    @extend_schema(responses=s.ReaderPostSerializer)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
