from django.urls import path

from accounts import people_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("data/", views.download_data, name="download_data"),
    path("delete/", views.delete_account, name="delete"),
    path("people/<int:page_id>/", people_views.people, name="people"),
    path("invitations/<str:token>/", people_views.invitation, name="invitation"),
]
