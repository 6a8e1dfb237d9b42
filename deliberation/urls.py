from django.urls import path

from deliberation import views

app_name = "deliberation"
urlpatterns = [path("<int:session_id>/", views.session_detail, name="session")]
