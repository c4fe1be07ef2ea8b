from django.urls import path

from .views import manage, polls, results, threads

app_name = "decisions"

poll = "consultations/<int:pk>/"

urlpatterns = [
    path("", threads.thread_list, name="threads"),
    path("nouvelle/", threads.thread_create, name="thread_create"),
    path("<int:pk>/", threads.thread_detail, name="thread"),
    path("<int:pk>/cloture/", threads.thread_close, name="thread_close"),
    path("<int:pk>/consultation/", polls.poll_create, name="poll_create"),
    path(poll, polls.poll_detail, name="poll"),
    path(poll + "voter/", polls.vote, name="vote"),
    path(poll + "option/", polls.add_option, name="add_option"),
    path(poll + "modifier/", polls.poll_edit, name="poll_edit"),
    path(poll + "resultats/", results.poll_results, name="results"),
    path(poll + "resultats/partiel/", results.results_partial, name="results_partial"),
    path(poll + "resultats.<str:fmt>", results.results_export, name="results_export"),
    path(poll + "bulletins.<str:fmt>", results.ballots_export, name="ballots_export"),
    path(poll + "clore/", manage.poll_close, name="close"),
    path(poll + "rouvrir/", manage.poll_reopen, name="reopen"),
    path(poll + "rappel/", manage.poll_remind, name="remind"),
    path(poll + "issue/", manage.outcome_create, name="outcome"),
]
