from django.urls import path, register_converter

from .converters import ActionNumberConverter
from .views import administration, calendar, dashboard, editing, exports, pages

register_converter(ActionNumberConverter, "action_number")

app_name = "roadmap"

prog = "feuille-de-route/<slug:programme>/"
action = prog + "<action_number:number>/"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("calendrier/", calendar.calendar, name="calendar"),
    path("valeurs/", pages.values_charter, name="values"),
    path("feuille-de-route/", pages.current_roadmap, name="current_roadmap"),
    path("feuille-de-route/<slug:programme>/", pages.roadmap, name="roadmap"),
    path("feuille-de-route/<slug:programme>/export.csv", exports.export_csv, name="export_csv"),
    path("feuille-de-route/<slug:programme>/export.xlsx", exports.export_xlsx, name="export_xlsx"),
    path("feuille-de-route/<slug:programme>/importer/", exports.import_roadmap, name="import"),
    path(prog + "archives/", administration.archives, name="archives"),
    path(prog + "ordre/", administration.roadmap_order, name="order"),
    path(prog + "fiches/nouvelle/", administration.action_create, name="action_create"),
    path(prog + "objectifs/nouveau/", administration.objective_create, name="objective_create"),
    path(prog + "objectifs/<int:pk>/modifier/", administration.objective_edit, name="objective_edit"),
    path(prog + "objectifs/<int:pk>/archiver/", administration.objective_archive, name="objective_archive"),
    path(prog + "objectifs/<int:pk>/restaurer/", administration.objective_restore, name="objective_restore"),
    path(action, pages.action_detail, name="action"),
    path(action + "archiver/", administration.action_archive, name="action_archive"),
    path(action + "restaurer/", administration.action_restore, name="action_restore"),
    path(action + "modifier/", editing.edit_action, name="edit_action"),
    path(action + "avancement/", editing.add_progress_update, name="add_progress_update"),
    path(action + "jalons/ajouter/", editing.add_milestone, name="add_milestone"),
    path(action + "jalons/<int:pk>/modifier/", editing.edit_milestone, name="edit_milestone"),
    path(action + "jalons/<int:pk>/supprimer/", editing.delete_milestone, name="delete_milestone"),
    path(action + "indicateurs/ajouter/", editing.add_indicator, name="add_indicator"),
    path(action + "indicateurs/<int:pk>/mesures/ajouter/", editing.add_measure, name="add_measure"),
    path(action + "mesures/<int:pk>/modifier/", editing.edit_measure, name="edit_measure"),
    path(action + "mesures/<int:pk>/supprimer/", editing.delete_measure, name="delete_measure"),
]
