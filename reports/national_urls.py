from django.urls import path

from . import views

app_name = "national"
urlpatterns = [
    path("", views.national_overview, name="overview"),
    path("ekspor.xlsx", views.national_export, name="export"),
    path("laporan.zip", views.national_reports_zip, name="reports_zip"),
    path("<slug:slug>/", views.national_regency, name="regency"),
]
