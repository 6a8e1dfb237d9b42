from django.urls import path

from deliberation import console_views, meeting_views, views

app_name = "deliberation"
urlpatterns = [
    path("new/", console_views.session_create, name="create"),
    path("<int:session_id>/", views.session_detail, name="session"),
    path("<int:session_id>/run/", console_views.session_console, name="console"),
    path("meetings/<int:meeting_id>/", meeting_views.meeting_session, name="meeting_session"),
]
