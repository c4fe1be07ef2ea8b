"""Internal pages of the territory module (login required), under /territoire/."""

from django.urls import path

from .views import correspondence, dashboard, directory, notices

app_name = "territory"

urlpatterns = [
    path("", directory.directory, name="directory"),
    path("annuaire.csv", directory.export_csv, name="export_csv"),
    path("annuaire.xlsx", directory.export_xlsx, name="export_xlsx"),
    path("communes/<slug:slug>/", directory.commune_detail, name="commune"),
    path("communes/<slug:slug>/ajouter/", directory.interlocutor_create, name="interlocutor_create"),
    path("interlocuteurs/<int:pk>/modifier/", directory.interlocutor_edit, name="interlocutor_edit"),
    path("interlocuteurs/<int:pk>/supprimer/", directory.interlocutor_delete, name="interlocutor_delete"),
    path("avis/", notices.notice_list, name="notices"),
    path("avis/nouveau/", notices.notice_create, name="notice_create"),
    path("avis/<int:pk>/", notices.notice_detail, name="notice"),
    path("avis/<int:pk>/modifier/", notices.notice_edit, name="notice_edit"),
    path("avis/<int:pk>/accuser-reception/", notices.notice_acknowledge, name="notice_acknowledge"),
    path("courriers/", correspondence.correspondence_list, name="correspondence_list"),
    path("courriers/nouveau/", correspondence.correspondence_create, name="correspondence_create"),
    path("courriers/<int:pk>/", correspondence.correspondence_detail, name="correspondence"),
    path("courriers/<int:pk>/piece-jointe/", correspondence.correspondence_attachment, name="correspondence_file"),
    path("tableau-de-bord/", dashboard.territory_dashboard, name="dashboard"),
]
