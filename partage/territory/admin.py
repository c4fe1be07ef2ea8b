"""Administration of the territory: communes."""

from django.contrib import admin

from .models import Commune


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("name", "insee_code", "slug")
    search_fields = ("name", "insee_code")
    prepopulated_fields = {"slug": ("name",)}
