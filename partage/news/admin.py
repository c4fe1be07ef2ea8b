from django.contrib import admin

from partage.core.admin_bounds import BoundedHistoryAdmin

from .models import Post


@admin.register(Post)
class PostAdmin(BoundedHistoryAdmin):
    list_display = ["title", "status", "published_at", "author"]
    list_filter = ["status", "axes"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["actions", "axes"]
    date_hierarchy = "published_at"
    raw_id_fields = ["author"]
