"""Administration of the territory: domains, interlocutors, notices and their sending."""

from django.contrib import admin

from partage.core.admin_bounds import BoundedAdmin, BoundedHistoryAdmin, BoundedTabularInline

from .models import Correspondence, CorrespondenceDelivery, Domain, Interlocutor, NoticeDispatch, WorksNotice


@admin.register(Domain)
class DomainAdmin(BoundedAdmin):
    list_display = ("name", "order")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Interlocutor)
class InterlocutorAdmin(BoundedHistoryAdmin):
    list_display = ("name", "commune", "domain", "email", "phone")
    list_filter = ("commune", "domain")
    search_fields = ("name", "email", "function")
    list_select_related = ("commune", "domain")
    autocomplete_fields = ("user", "agglo_agent")


class NoticeDispatchInline(BoundedTabularInline):
    model = NoticeDispatch
    extra = 0
    can_delete = False
    fields = ("email", "commune", "kind", "revision", "sent_at", "received_at", "relayed_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WorksNotice)
class WorksNoticeAdmin(BoundedHistoryAdmin):
    list_display = ("title", "nature", "service", "starts_at", "status", "revision", "is_late")
    list_filter = ("status", "nature", "domain")
    search_fields = ("title", "place")
    filter_horizontal = ("communes",)
    readonly_fields = ("revision", "send_at", "is_late", "created_by", "created_at")
    inlines = [NoticeDispatchInline]


class DeliveryInline(BoundedTabularInline):
    model = CorrespondenceDelivery
    extra = 0
    can_delete = False
    fields = ("email", "commune", "sent_at", "read_at", "acknowledged_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Correspondence)
class CorrespondenceAdmin(BoundedAdmin):
    list_display = ("subject", "sender", "received_on")
    search_fields = ("subject", "sender")
    filter_horizontal = ("communes",)
    inlines = [DeliveryInline]
