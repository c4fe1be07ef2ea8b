"""Administration of the organisation: directions and their services, member communes."""

from django.contrib import admin

from .models import Commune, Direction, Service


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 1


@admin.register(Direction)
class DirectionAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym")
    search_fields = ("name", "acronym")
    inlines = [ServiceInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "direction")
    list_filter = ("direction",)
    list_select_related = ("direction",)
    search_fields = ("name", "direction__name", "direction__acronym")
    autocomplete_fields = ("direction",)


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("name", "insee_code", "slug")
    search_fields = ("name", "insee_code")
    prepopulated_fields = {"slug": ("name",)}
