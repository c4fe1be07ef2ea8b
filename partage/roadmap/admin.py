"""Administration of the roadmap: programmes, calendar, values charter, axes, objectives, actions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partage.core.admin_bounds import BoundedAdmin, BoundedHistoryAdmin, BoundedStackedInline, BoundedTabularInline

from .models import (
    Action,
    Axis,
    Indicator,
    IndicatorMeasure,
    Milestone,
    MilestoneReminder,
    Objective,
    Phase,
    Programme,
    ProgressUpdate,
    Value,
    ValueFamily,
)


class PhaseInline(BoundedStackedInline):
    model = Phase
    extra = 0


class ValueFamilyInline(BoundedTabularInline):
    model = ValueFamily
    extra = 0
    fields = ("order", "name")
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(BoundedAdmin):
    list_display = ("name", "slug", "is_current", "participants_count")
    list_filter = ("is_current",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PhaseInline, ValueFamilyInline]


class ValueInline(BoundedTabularInline):
    model = Value
    extra = 1


@admin.register(ValueFamily)
class ValueFamilyAdmin(BoundedAdmin):
    list_display = ("name", "programme", "order")
    list_filter = ("programme",)
    list_select_related = ("programme",)
    search_fields = ("name",)
    inlines = [ValueInline]


class ObjectiveInline(BoundedTabularInline):
    model = Objective
    extra = 0
    fields = ("number", "title", "to_complete")
    show_change_link = True


@admin.register(Axis)
class AxisAdmin(BoundedAdmin):
    list_display = ("number", "title", "programme", "to_complete")
    list_display_links = ("number", "title")
    list_filter = ("programme", "to_complete")
    list_select_related = ("programme",)
    search_fields = ("title",)
    inlines = [ObjectiveInline]


@admin.register(Objective)
class ObjectiveAdmin(BoundedAdmin):
    list_display = ("code_display", "title", "axis", "to_complete")
    list_display_links = ("code_display", "title")
    list_filter = ("axis__programme", "axis", "to_complete")
    list_select_related = ("axis__programme",)
    search_fields = ("title",)
    autocomplete_fields = ("axis",)

    @admin.display(description=_("numéro"), ordering="axis__number")
    def code_display(self, obj: Objective) -> str:
        return obj.code


class MilestoneInline(BoundedTabularInline):
    model = Milestone
    extra = 0


class IndicatorInline(BoundedTabularInline):
    model = Indicator
    extra = 0
    fields = ("name", "unit", "baseline", "target")
    show_change_link = True


class ProgressUpdateInline(BoundedStackedInline):
    model = ProgressUpdate
    extra = 0
    fields = ("date", "author", "text", "status", "progress", "source", "source_url")
    autocomplete_fields = ("author",)


@admin.register(Action)
class ActionAdmin(BoundedHistoryAdmin):
    list_display = ("number", "title", "status", "progress", "pilot_direction", "to_complete")
    list_display_links = ("number", "title")
    list_filter = ("programme", "status", "objective__axis", "pilot_direction", "origin", "to_complete")
    list_select_related = ("pilot_direction", "programme")
    search_fields = ("number", "title", "description")
    autocomplete_fields = (
        "objective",
        "pilot_direction",
        "pilots",
        "contributors",
        "related_actions",
        "partner_communes",
    )
    filter_horizontal = ("value_families",)
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("programme", "objective", "number", "position", "lead_verb", "title", "origin")}),
        (_("Contenu"), {"fields": ("description", "expected_results", "value_families")}),
        (_("Suivi"), {"fields": ("status", "progress", "start_date", "end_date")}),
        (_("Acteurs"), {"fields": ("pilot_direction", "pilots", "contributors", "partner_communes")}),
        (_("Liens"), {"fields": ("related_actions",)}),
        (_("Source"), {"fields": ("to_complete", "source_note")}),
        (_("Dates"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = [MilestoneInline, IndicatorInline, ProgressUpdateInline]


class IndicatorMeasureInline(BoundedTabularInline):
    model = IndicatorMeasure
    extra = 1
    autocomplete_fields = ("recorded_by",)


@admin.register(Indicator)
class IndicatorAdmin(BoundedHistoryAdmin):
    list_display = ("name", "action", "unit", "baseline", "target")
    list_filter = ("action__programme",)
    list_select_related = ("action",)
    search_fields = ("name", "action__number", "action__title")
    autocomplete_fields = ("action",)
    inlines = [IndicatorMeasureInline]


@admin.register(Milestone)
class MilestoneAdmin(BoundedHistoryAdmin):
    list_display = ("title", "action", "due_date", "done_date")
    list_filter = ("action__programme", "due_date", "done_date")
    list_select_related = ("action",)
    search_fields = ("title", "action__number", "action__title")
    autocomplete_fields = ("action",)
    date_hierarchy = "due_date"


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(BoundedHistoryAdmin):
    list_display = ("action", "date", "author", "status", "progress", "source")
    list_filter = ("source", "status", "action__programme")
    list_select_related = ("action", "author")
    search_fields = ("text", "action__number", "action__title")
    autocomplete_fields = ("action", "author")
    date_hierarchy = "date"


@admin.register(MilestoneReminder)
class MilestoneReminderAdmin(BoundedAdmin):
    list_display = ["milestone", "kind", "sent_at"]
    raw_id_fields = ["milestone"]
