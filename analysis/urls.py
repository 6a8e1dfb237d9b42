from django.urls import path

from analysis import report_views, views

app_name = "analysis"

urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("start/", views.run_start, name="run_start"),
    path("runs/<int:run_id>/", views.run_detail, name="run_detail"),
    path("runs/<int:run_id>/themes/<int:theme_id>/", views.theme_detail, name="theme_detail"),
    path("runs/<int:run_id>/compare/", views.run_compare, name="run_compare"),
    path("runs/<int:run_id>/crosstab/", views.run_crosstab, name="run_crosstab"),
    path("runs/<int:run_id>/report/", report_views.report_edit, name="report_edit"),
    path("runs/<int:run_id>/<slug:action>/", views.run_action, name="run_action"),
    path("reports/<int:report_id>/", report_views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/publish/", report_views.report_publish, name="report_publish"),
    path(
        "reports/<int:report_id>/export.<str:fmt>", report_views.report_export, name="report_export"
    ),
    path(
        "findings/<int:finding_id>/decision/", report_views.decision_record, name="decision_record"
    ),
]
