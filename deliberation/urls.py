from django.urls import path

from deliberation import meeting_views, views

app_name = "deliberation"
urlpatterns = [
    path("<int:session_id>/", views.session_detail, name="session"),
    path("meetings/<int:meeting_id>/", meeting_views.meeting_session, name="meeting_session"),
]
