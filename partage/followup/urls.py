from django.urls import path

from .views import groups, meetings, minutes

app_name = "followup"

meeting = "<slug:slug>/reunions/<int:pk>/"

urlpatterns = [
    path("", groups.group_list, name="groups"),
    path("<slug:slug>/", groups.group_detail, name="group"),
    path("<slug:slug>/calendrier/<str:token>.ics", groups.group_calendar, name="group_calendar"),
    path("<slug:slug>/reunions/nouvelle/", meetings.meeting_create, name="meeting_create"),
    path(meeting, meetings.meeting_detail, name="meeting"),
    path(meeting + "modifier/", meetings.meeting_edit, name="meeting_edit"),
    path(meeting + "invitation.ics", meetings.meeting_invitation, name="meeting_ics"),
    path(meeting + "releve/", minutes.minutes_detail, name="minutes"),
    path(meeting + "releve/modifier/", minutes.minutes_edit, name="minutes_edit"),
    path(meeting + "releve/publier/", minutes.minutes_publish, name="minutes_publish"),
    path(meeting + "releve/corriger/", minutes.minutes_correct, name="minutes_correct"),
]
