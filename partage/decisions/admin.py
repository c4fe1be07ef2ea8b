from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Outcome, Poll, PollOption, PollVoter, Thread


class PollOptionInline(admin.TabularInline):
    model = PollOption
    extra = 0
    fields = ["position", "key", "text", "starts_at"]


class PollVoterInline(admin.TabularInline):
    model = PollVoter
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "author", "created_at", "closed_at"]
    list_filter = ["group"]
    search_fields = ["title"]
    raw_id_fields = ["author"]


@admin.register(Poll)
class PollAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "thread", "opening_at", "closing_at", "closed_at", "anonymous"]
    list_filter = ["kind", "anonymous"]
    search_fields = ["title"]
    raw_id_fields = ["author", "thread"]
    inlines = [PollOptionInline, PollVoterInline]


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ["poll", "author", "published_at", "review_date"]
    raw_id_fields = ["poll", "author", "chosen_option"]
    filter_horizontal = ["actions"]
