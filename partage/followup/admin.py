from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from partage.core.admin_bounds import BoundedAdmin, BoundedStackedInline, BoundedTabularInline

from .models import ActionItem, ActionReview, AgendaItem, Attendance, Decision, Group, Meeting, Membership, Minutes


class MembershipInline(BoundedTabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Group)
class GroupAdmin(BoundedAdmin):
    list_display = ["name", "kind", "minutes_deadline_days"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["actions"]
    inlines = [MembershipInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Members added here follow their group, as when added through actions.add_member.
        from partage.core.follows import follow_many

        follow_many(form.instance.memberships.values_list("user_id", flat=True), form.instance)


class AgendaItemInline(BoundedTabularInline):
    model = AgendaItem
    extra = 1
    autocomplete_fields = ["action"]


class AttendanceInline(BoundedTabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Meeting)
class MeetingAdmin(BoundedAdmin):
    list_display = ["title", "group", "starts_at", "place"]
    list_filter = ["group"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["invited"]
    list_select_related = ["group"]
    inlines = [AgendaItemInline, AttendanceInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class DecisionInline(BoundedStackedInline):
    model = Decision
    extra = 0
    autocomplete_fields = ["action"]


class ActionItemInline(BoundedStackedInline):
    model = ActionItem
    extra = 0
    autocomplete_fields = ["owner", "action"]


class ActionReviewInline(BoundedStackedInline):
    model = ActionReview
    extra = 0
    autocomplete_fields = ["action"]


@admin.register(Minutes)
class MinutesAdmin(BoundedAdmin):
    list_display = ["meeting", "group_name", "status", "published_at"]
    list_filter = ["status", "meeting__group"]
    list_select_related = ["meeting__group"]
    search_fields = ["meeting__title", "summary"]
    readonly_fields = ["published_at", "published_by"]
    inlines = [DecisionInline, ActionItemInline, ActionReviewInline]

    @admin.display(description=_("groupe"), ordering="meeting__group__name")
    def group_name(self, obj: Minutes) -> str:
        return obj.meeting.group.name
