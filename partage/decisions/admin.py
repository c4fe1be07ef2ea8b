from django.contrib import admin

from partage.core.admin_bounds import BoundedAdmin, BoundedHistoryAdmin, BoundedTabularInline

from .models import Outcome, Poll, PollOption, PollVoter, Thread


class PollOptionInline(BoundedTabularInline):
    model = PollOption
    extra = 0
    fields = ["position", "key", "text", "starts_at"]


class PollVoterInline(BoundedTabularInline):
    model = PollVoter
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Thread)
class ThreadAdmin(BoundedAdmin):
    list_display = ["title", "group", "author", "created_at", "closed_at"]
    list_filter = ["group"]
    search_fields = ["title"]
    raw_id_fields = ["author"]


@admin.register(Poll)
class PollAdmin(BoundedHistoryAdmin):
    list_display = ["title", "kind", "thread", "opening_at", "closing_at", "closed_at", "anonymous"]
    list_filter = ["kind", "anonymous"]
    search_fields = ["title"]
    raw_id_fields = ["author", "thread"]
    inlines = [PollOptionInline, PollVoterInline]


@admin.register(Outcome)
class OutcomeAdmin(BoundedHistoryAdmin):
    list_display = ["poll", "author", "published_at", "review_date"]
    raw_id_fields = ["poll", "author", "chosen_option"]
    filter_horizontal = ["actions"]
