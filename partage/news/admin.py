from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Post


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["title", "status", "published_at", "author"]
    list_filter = ["status", "axes"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["actions", "axes"]
    date_hierarchy = "published_at"
    raw_id_fields = ["author"]
