"""The roadmap through the API: programmes, actions (public and readers' levels), the journal, and
pilots' writes (progress updates, indicator measures) through roadmap's own writes."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from partage.roadmap import selectors, writes
from partage.roadmap.models import Action, Axis, Indicator, Programme, ProgressUpdate, ValueFamily

from .. import serializers as s
from ..filters import ACTION_FILTERS, filter_actions
from ..permissions import TokenScope, require


def is_reader(user) -> bool:
    """Who sees the readers' level: whoever may open the roadmap pages (rule roadmap.view_roadmap)."""
    return bool(user and user.has_perm("roadmap.view_roadmap"))


def _people():
    return get_user_model().objects.only("id", "first_name", "last_name", "email")


class ProgrammeList(generics.ListAPIView):
    """Les programmes (éditions du PAP). Public."""

    serializer_class = s.ProgrammeSerializer
    queryset = Programme.objects.all()


class ProgrammeDetail(generics.RetrieveAPIView):
    """Un programme : son calendrier, ses axes et objectifs, sa charte des valeurs. Public."""

    serializer_class = s.ProgrammeDetailSerializer
    lookup_field = "slug"
    lookup_url_kwarg = "programme"
    queryset = Programme.objects.prefetch_related(
        "phases",
        Prefetch("axes", queryset=Axis.objects.prefetch_related("objectives")),
        Prefetch("value_families", queryset=ValueFamily.objects.prefetch_related("values")),
    )


class ActionList(generics.ListAPIView):
    """Les fiches-actions d'un programme, filtrables. Public ; les lecteurs connectés voient aussi les pilotes."""

    def get_serializer_class(self):
        return s.ReaderActionSerializer if is_reader(self.request.user) else s.ActionSerializer

    def get_queryset(self):
        programme = selectors.programme_by_slug(self.kwargs["programme"])
        rows = Action.objects.filter(programme=programme).select_related("objective__axis", "pilot_direction")
        rows = rows.defer("description", "expected_results", "source_note")
        if is_reader(self.request.user):
            rows = rows.prefetch_related(Prefetch("pilots", queryset=_people()))
        return filter_actions(rows, self.request.query_params)

    @extend_schema(parameters=ACTION_FILTERS, responses=s.ReaderActionSerializer(many=True))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def action_queryset(user):
    related = [
        "milestones",
        Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measures")),
        "value_families",
        "partner_communes",
        Prefetch("related_actions", queryset=Action.objects.only("id", "number")),
    ]
    if is_reader(user):
        related += [Prefetch("pilots", queryset=_people()), Prefetch("contributors", queryset=_people())]
    return Action.objects.select_related("objective__axis", "pilot_direction").prefetch_related(*related)


class ActionDetail(generics.RetrieveAPIView):
    """Une fiche-action, ses jalons, ses indicateurs et leurs mesures. Public ; les lecteurs voient aussi
    pilotes, contributeurs et la note sur la source."""

    def get_serializer_class(self):
        return s.ReaderActionDetailSerializer if is_reader(self.request.user) else s.ActionDetailSerializer

    def get_object(self):
        return get_object_or_404(
            action_queryset(self.request.user), programme__slug=self.kwargs["programme"], number=self.kwargs["number"]
        )

    @extend_schema(responses=s.ReaderActionDetailSerializer)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _action_for(request, programme: str, number: str) -> Action:
    return get_object_or_404(
        Action.objects.select_related("programme").prefetch_related("pilots"), programme__slug=programme, number=number
    )


class WriteThrottle(ScopedRateThrottle):
    scope_attr = "throttle_scope"

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


class ProgressUpdates(generics.ListAPIView):
    """Le journal d'une fiche-action (lecteurs), et l'ajout d'un point d'avancement (pilotes de la fiche et
    administrateurs, comme la page « Ajouter un point d'avancement »)."""

    serializer_class = s.ProgressUpdateSerializer
    permission_classes = [IsAuthenticated, TokenScope]
    throttle_scope = "write"

    def get_throttles(self):
        return [*super().get_throttles(), WriteThrottle()]

    def get_queryset(self):
        require(self.request, "roadmap.view_roadmap")
        action = _action_for(self.request, self.kwargs["programme"], self.kwargs["number"])
        return ProgressUpdate.objects.filter(action=action).select_related("author")

    @extend_schema(request=s.ProgressUpdateInputSerializer, responses={201: s.ProgressUpdateSerializer})
    def post(self, request, programme: str, number: str, **kwargs):
        action = _action_for(request, programme, number)
        require(request, "roadmap.edit_action", action)
        data = s.ProgressUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        update = writes.add_progress_update(action=action, author=request.user, **data.validated_data)
        return Response(s.ProgressUpdateSerializer(update).data, status=status.HTTP_201_CREATED)


class Measures(APIView):
    """Enregistrer une mesure d'un indicateur (pilotes de la fiche et administrateurs)."""

    permission_classes = [IsAuthenticated, TokenScope]
    throttle_scope = "write"

    def get_throttles(self):
        return [*super().get_throttles(), WriteThrottle()]

    @extend_schema(
        request=s.MeasureInputSerializer,
        responses={
            201: inline_serializer(
                "MeasureCreated",
                {
                    "indicator": serializers.IntegerField(),
                    "date": serializers.DateField(),
                    "value": serializers.DecimalField(max_digits=12, decimal_places=2),
                    "comment": serializers.CharField(),
                },
            )
        },
    )
    def post(self, request, programme: str, number: str, pk: int, **kwargs):
        action = _action_for(request, programme, number)
        require(request, "roadmap.edit_action", action)
        indicator = get_object_or_404(Indicator, pk=pk, action=action)
        data = s.MeasureInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        measure = writes.record_measure(
            indicator=indicator,
            value=values["value"],
            measured_on=values["date"],
            by=request.user,
            note=values["comment"],
        )
        return Response(
            {
                "indicator": indicator.pk,
                "date": measure.date,
                "value": s.MeasureSerializer(measure).data["value"],
                "comment": measure.comment,
            },
            status=status.HTTP_201_CREATED,
        )
