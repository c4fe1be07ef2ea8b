from django.contrib import admin

from partage.core.admin_bounds import BoundedAdmin, BoundedTabularInline

from .models import Idea, IdeaStatusChange, Support


class StatusChangeInline(BoundedTabularInline):
    model = IdeaStatusChange
    fk_name = "idea"
    extra = 0
    fields = ["created_at", "moderator", "from_status", "to_status", "answer", "action"]
    readonly_fields = fields
    can_delete = False


@admin.register(Idea)
class IdeaAdmin(BoundedAdmin):
    list_display = ["pk", "title", "status", "channel", "is_anonymous", "created_at", "hidden_at"]
    list_filter = ["status", "channel", "is_anonymous"]
    search_fields = ["title", "description"]
    raw_id_fields = ["author", "transcribed_by", "hidden_by", "action", "implementing_action", "duplicate_of", "axis"]
    # The hash of the private link is never shown nor editable; statuses change through the moderation page.
    exclude = ["private_token_hash"]
    readonly_fields = ["status", "is_anonymous", "author", "created_at"]
    inlines = [StatusChangeInline]


@admin.register(Support)
class SupportAdmin(BoundedAdmin):
    list_display = ["idea", "user", "created_at"]
    raw_id_fields = ["idea", "user"]
