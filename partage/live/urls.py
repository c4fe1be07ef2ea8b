from django.urls import path

from .views import host, join, results

app_name = "live"

urlpatterns = [
    # Participants (guests included).
    path("j/", join.join_form, name="join_form"),
    path("j/<str:code>/", join.join, name="join"),
    path("j/<str:code>/pseudo/", join.nickname, name="nickname"),
    path("j/<str:code>/etat/", join.poll_state, name="poll_state"),
    path("j/<str:code>/envoyer/", join.poll_send, name="poll_send"),
    # Hosts.
    path("live/", host.sessions, name="sessions"),
    path("live/nouvelle/", host.session_create, name="session_create"),
    path("live/<int:pk>/", host.session_detail, name="session"),
    path("live/<int:pk>/modifier/", host.session_edit, name="session_edit"),
    path("live/<int:pk>/dupliquer/", host.duplicate, name="duplicate"),
    path("live/<int:pk>/activites/", host.activity_create, name="activity_create"),
    path("live/<int:pk>/activites/<int:activity_pk>/", host.activity_edit, name="activity_edit"),
    path("live/<int:pk>/activites/<int:activity_pk>/supprimer/", host.activity_delete, name="activity_delete"),
    path("live/<int:pk>/activites/<int:activity_pk>/deplacer/", host.activity_move, name="activity_move"),
    path("live/<int:pk>/presentateur/", host.presenter, name="presenter"),
    path("live/<int:pk>/telecommande/", host.remote, name="remote"),
    path("live/<int:pk>/qr.svg", host.qr, name="qr"),
    path("live/<int:pk>/commande/", host.control, name="control"),
    path("live/<int:pk>/moderer/", host.moderate, name="moderate"),
    path("live/<int:pk>/retirer-un-mot/", host.delete_word, name="delete_word"),
    path("live/<int:pk>/exclure/", host.ban, name="ban"),
    path("live/<int:pk>/temps-supplementaire/", host.extra_time, name="extra_time"),
    path("live/<int:pk>/activites/<int:activity_pk>/export.<str:fmt>", results.export, name="export"),
    path("live/<int:pk>/synthese/", results.summary, name="summary"),
    path("live/<int:pk>/joindre-les-resultats/", results.attach, name="attach"),
    path("live/<int:pk>/vers-une-idee/", results.to_idea, name="to_idea"),
]
