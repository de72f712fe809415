from django.urls import path

from . import views

app_name = "national"
urlpatterns = [
    path("", views.national_overview, name="overview"),
    path("<slug:slug>/", views.national_regency, name="regency"),
]
