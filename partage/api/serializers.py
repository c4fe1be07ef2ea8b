"""What the API returns. Two levels for the roadmap, chosen by the view from the page's rule:

- public (anyone, open data): what the brochure publishes — the tree, statuses, progress, dates,
  milestones, indicators and their measures, values. No person is named, no journal, no internal
  note (source notes, measure comments, who recorded a measure);
- readers (`roadmap.view_roadmap`: the people who may open the roadmap pages): also what the action
  page shows them — pilots, contributors, the transcription note.

The public field lists are constants so that the tests compare them field by field with what the
pages show to someone not logged in.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partage.news.models import Post
from partage.organisation.models import Commune
from partage.roadmap.models import (
    Action,
    Axis,
    Indicator,
    IndicatorMeasure,
    Milestone,
    Objective,
    Phase,
    Programme,
    ProgressUpdate,
    Value,
    ValueFamily,
)
from partage.territory.models import WorksNotice


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["order", "name", "description", "start_date", "end_date", "period_label"]


class ValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Value
        fields = ["order", "name"]


class ValueFamilySerializer(serializers.ModelSerializer):
    values = ValueSerializer(many=True, read_only=True)

    class Meta:
        model = ValueFamily
        fields = ["id", "order", "name", "description", "values"]


class ObjectiveSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)

    class Meta:
        model = Objective
        fields = ["code", "number", "title", "to_complete"]


class AxisSerializer(serializers.ModelSerializer):
    objectives = ObjectiveSerializer(many=True, read_only=True)

    class Meta:
        model = Axis
        fields = ["id", "number", "title", "to_complete", "objectives"]


class ProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["slug", "name", "summary", "is_current", "participants_count"]


class ProgrammeDetailSerializer(ProgrammeSerializer):
    phases = PhaseSerializer(many=True, read_only=True)
    axes = AxisSerializer(many=True, read_only=True)
    value_families = ValueFamilySerializer(many=True, read_only=True)

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "phases", "axes", "value_families"]


class DirectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    acronym = serializers.CharField()


# --- actions ---------------------------------------------------------------------------------

PUBLIC_ACTION_FIELDS = [
    "number",
    "title",
    "lead_verb",
    "axis",
    "objective",
    "status",
    "status_label",
    "progress",
    "start_date",
    "end_date",
    "pilot_direction",
    "origin",
    "to_complete",
    "updated_at",
]
PUBLIC_ACTION_DETAIL_FIELDS = [
    *PUBLIC_ACTION_FIELDS,
    "description",
    "expected_results",
    "milestones",
    "indicators",
    "value_families",
    "partner_communes",
    "related_actions",
]
READER_ONLY_FIELDS = ["pilots", "contributors", "source_note"]


class MilestoneSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["id", "title", "due_date", "done_date", "state"]

    def get_state(self, milestone: Milestone) -> str:
        """done, late or upcoming: as the action page tells it."""
        if milestone.done_date:
            return "done"
        return "late" if milestone.is_late else "upcoming"


class MeasureSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorMeasure
        fields = ["date", "value"]


class ReaderMeasureSerializer(MeasureSerializer):
    class Meta(MeasureSerializer.Meta):
        fields = ["date", "value", "comment"]


class IndicatorSerializer(serializers.ModelSerializer):
    measures = MeasureSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", "name", "unit", "baseline", "target", "description", "measures"]


class ReaderIndicatorSerializer(IndicatorSerializer):
    measures = ReaderMeasureSerializer(many=True, read_only=True)


class ActionSerializer(serializers.ModelSerializer):
    axis = serializers.IntegerField(source="objective.axis.number", read_only=True)
    objective = serializers.CharField(source="objective.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    pilot_direction = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = PUBLIC_ACTION_FIELDS

    @extend_schema_field(DirectionSerializer(allow_null=True))
    def get_pilot_direction(self, action: Action):
        direction = action.pilot_direction
        if direction is None:
            return None
        return {"id": direction.pk, "name": direction.name, "acronym": direction.acronym}


class ActionDetailSerializer(ActionSerializer):
    milestones = MilestoneSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)
    value_families = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    partner_communes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    related_actions = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)

    class Meta(ActionSerializer.Meta):
        fields = PUBLIC_ACTION_DETAIL_FIELDS


class PersonField(serializers.StringRelatedField):
    """A user as the pages name them (full name, or the address when no name is known)."""


class ReaderActionSerializer(ActionSerializer):
    pilots = PersonField(many=True, read_only=True)

    class Meta(ActionSerializer.Meta):
        fields = [*PUBLIC_ACTION_FIELDS, "pilots"]


class ReaderActionDetailSerializer(ActionDetailSerializer):
    indicators = ReaderIndicatorSerializer(many=True, read_only=True)
    pilots = PersonField(many=True, read_only=True)
    contributors = PersonField(many=True, read_only=True)

    class Meta(ActionDetailSerializer.Meta):
        fields = [*PUBLIC_ACTION_DETAIL_FIELDS, *READER_ONLY_FIELDS]


# --- the journal (readers) and the writes (pilots) ---------------------------------------------


class ProgressUpdateSerializer(serializers.ModelSerializer):
    author = PersonField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "date",
            "author",
            "text",
            "status",
            "status_label",
            "progress",
            "source",
            "source_url",
            "created_at",
        ]
        read_only_fields = ["id", "author", "source", "source_url", "created_at"]


class ProgressUpdateInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10000)
    status = serializers.ChoiceField(choices=Action.Status.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    date = serializers.DateField(required=False)


class MeasureInputSerializer(serializers.Serializer):
    date = serializers.DateField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    comment = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


# --- news ---------------------------------------------------------------------------------------

# What the public RSS / Atom feeds carry (docs/decisions/0004-news-feeds-public.md), and no more.
PUBLIC_POST_FIELDS = ["slug", "title", "summary", "published_at"]


class PostSerializer(serializers.ModelSerializer):
    class Meta:
        model = Post
        fields = PUBLIC_POST_FIELDS


class ReaderPostSerializer(serializers.ModelSerializer):
    actions = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    axes = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)

    class Meta:
        model = Post
        fields = [*PUBLIC_POST_FIELDS, "body", "status", "actions", "axes", "updated_at"]


# --- territory ---------------------------------------------------------------------------------


class CommuneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commune
        fields = ["slug", "name", "insee_code"]


class NoticeSerializer(serializers.ModelSerializer):
    """Exactly the fields of the communes' public pages (territory.views.public.PUBLIC_FIELDS)."""

    nature_label = serializers.CharField(source="get_nature_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = WorksNotice
        fields = [
            "id",
            "title",
            "nature",
            "nature_label",
            "place",
            "starts_at",
            "ends_at",
            "status",
            "status_label",
            "public_message",
        ]
