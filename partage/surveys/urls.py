from django.urls import path

from .views import answer, manage
from .views import results as results_views

app_name = "surveys"

urlpatterns = [
    path("", answer.survey_list, name="list"),
    path("nouvelle/", manage.create, name="create"),
    path("<int:pk>/", answer.detail, name="detail"),
    path("<int:pk>/repondre/", answer.answer, name="answer"),
    path("<int:pk>/merci/", answer.thanks, name="thanks"),
    path("reponse/<str:token>/", answer.resume, name="resume"),
    path("invitation/<str:token>/", answer.invitation, name="invitation"),
    path("p/<str:token>/", answer.public, name="public"),
    path("p/<str:token>/borne/<str:kiosk>/", answer.public, name="kiosk"),
    path("<int:pk>/reglages/", manage.edit, name="edit"),
    path("<int:pk>/questions/", manage.builder, name="builder"),
    path("<int:pk>/questions/ajouter/", manage.question_edit, name="question_add"),
    path("<int:pk>/questions/<int:question_id>/", manage.question_edit, name="question_edit"),
    path("<int:pk>/questions/<int:question_id>/retirer/", manage.question_delete, name="question_delete"),
    path("<int:pk>/pages/ajouter/", manage.page_add, name="page_add"),
    path("<int:pk>/publier/", manage.publish, name="publish"),
    path("<int:pk>/dupliquer/", manage.duplicate, name="duplicate"),
    path("<int:pk>/nouvelle-version/", manage.new_version, name="new_version"),
    path("<int:pk>/invitations/", manage.invitations, name="invitations"),
    path("<int:pk>/partager/", manage.share, name="share"),
    path("<int:pk>/qr.svg", manage.qr_code, name="qr"),
    path("<int:pk>/resultats/", results_views.results_page, name="results"),
    path("<int:pk>/resultats/rapport/", results_views.report, name="report"),
    path("<int:pk>/resultats/textes/<int:question_id>/", results_views.texts, name="texts"),
    path("<int:pk>/resultats/publier-score/", results_views.publish_score, name="publish_score"),
    path("<int:pk>/resultats/export.<str:fmt>", results_views.export, name="export"),
    path("<int:pk>/resultats-publics/", results_views.public_results, name="public_results"),
]
