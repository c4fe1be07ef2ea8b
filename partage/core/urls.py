from django.urls import path

from . import bell, mentions, views

app_name = "core"

urlpatterns = [
    path("commentaires/<int:content_type_id>/<int:object_id>/", views.post_comment, name="post_comment"),
    path("commentaires/<int:pk>/modifier/", views.edit_comment, name="edit_comment"),
    path("commentaires/<int:pk>/supprimer/", views.delete_comment, name="delete_comment"),
    path("commentaires/<int:pk>/masquer/", views.hide_comment, name="hide_comment"),
    path("commentaires/<int:pk>/signaler/", views.report_comment, name="report_comment"),
    path("commentaires/mentions/", mentions.suggestions, name="mention_suggestions"),
    path("commentaires/<int:pk>/versions/", views.comment_versions, name="comment_versions"),
    path("moderation/signalements/", views.reports, name="reports"),
    path("pages/<slug:slug>/", views.site_page, name="site_page"),
    path("aide/<slug:slug>/", views.help_page, name="help"),
    path("identite/couleurs.css", views.identity_css, name="identity_css"),
    path("identite/<str:kind>", views.identity_file, name="identity_file"),
    path("moderation/signalements/<int:pk>/classer/", views.dismiss_reports, name="dismiss_reports"),
    path("suivre/<int:content_type_id>/<int:object_id>/", views.toggle_follow, name="toggle_follow"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/tout-marquer-lu/", views.mark_all_read, name="mark_all_read"),
    path("notifications/<int:pk>/ouvrir/", views.open_notification, name="open_notification"),
    path("notifications/cloche/", bell.panel, name="notification_panel"),
    path("notifications/cloche/tout-lu/", bell.mark_all_read, name="bell_mark_all_read"),
    path("notifications/<int:pk>/lue/", bell.mark_read, name="mark_notification_read"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("notifications/preferences/<str:token>/", views.preferences_token, name="preferences_token"),
]
