from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("buat/", views.report_request, name="request"),
    path("ringkasan/<str:period>/", views.summary_edit, name="summary"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/status/", views.report_status, name="status"),
    path("<int:pk>/unduh/", views.report_download, name="download"),
    path("<int:pk>/setujui/", views.report_approve, name="approve"),
    path("indeks/", views.index_overview, name="index"),
    path("indeks/<int:year>/", views.index_year, name="index_year"),
    path("indeks/<int:year>/<str:source>/", views.assessment_edit, name="assessment"),
]
