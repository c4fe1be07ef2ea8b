"""Works notices as the communes' public pages show them: the same queryset
(`territory.views.public.public_notices_of`) and the same fields."""

from django.shortcuts import get_object_or_404
from rest_framework import generics

from partage.organisation.models import Commune
from partage.territory.views.public import public_notices_of

from .. import serializers as s


class CommuneList(generics.ListAPIView):
    """Les communes membres. Public."""

    serializer_class = s.CommuneSerializer
    queryset = Commune.objects.only("slug", "name", "insee_code")


class CommuneNotices(generics.ListAPIView):
    """Les avis de travaux à venir et en cours d'une commune, champs publics seulement. Public."""

    serializer_class = s.NoticeSerializer

    def get_queryset(self):
        commune = get_object_or_404(Commune, slug=self.kwargs["slug"])
        return public_notices_of(commune)
