from django.urls import path

from deliberation import console_views, meeting_views, views
from deliberation.activities import views as activity_views
from deliberation.exports import views as export_views
from deliberation.moderation import views as moderation_views
from deliberation.questions import views as question_views

app_name = "deliberation"
urlpatterns = [
    path("new/", console_views.session_create, name="create"),
    path("<int:session_id>/", views.session_detail, name="session"),
    path("<int:session_id>/run/", console_views.session_console, name="console"),
    path(
        "<int:session_id>/activities/<int:activity_id>/",
        activity_views.activity_take_part,
        name="activity_take_part",
    ),
    path(
        "<int:session_id>/run/activities/", activity_views.activity_console, name="activity_console"
    ),
    path("screen/<str:token>/", activity_views.screen_view, name="screen"),
    path("<int:session_id>/act/", question_views.participant_act, name="participant_act"),
    path(
        "<int:session_id>/moderation-log.csv",
        moderation_views.moderation_log_csv,
        name="moderation_log_csv",
    ),
    path(
        "<int:session_id>/export.<str:fmt>",
        export_views.session_export,
        name="export",
    ),
    path("meetings/<int:meeting_id>/", meeting_views.meeting_session, name="meeting_session"),
]
