from django.urls import path

from .views import exports, ideas, moderation

app_name = "ideas"

urlpatterns = [
    path("", ideas.idea_list, name="list"),
    path("deposer/", ideas.submit, name="submit"),
    path("<int:pk>/", ideas.idea_detail, name="idea"),
    path("<int:pk>/soutenir/", ideas.support, name="support"),
    path("<int:pk>/retirer-mon-soutien/", ideas.withdraw, name="withdraw"),
    path("<int:pk>/piece-jointe/", ideas.attachment, name="attachment"),
    path("suivi/<str:token>/", ideas.private, name="private"),
    path("<int:pk>/repondre/", moderation.moderate, name="moderate"),
    path("<int:pk>/masquer/", moderation.hide, name="hide"),
    path("moderation/", moderation.moderation, name="moderation"),
    path("retranscrire/", moderation.transcribe, name="transcribe"),
    path("export.csv", exports.export_csv, name="export_csv"),
    path("export.xlsx", exports.export_xlsx, name="export_xlsx"),
]
