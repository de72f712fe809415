"""A regency's overview and dashboard, under /r/<slug>/ (the home page is at the root)."""

from django.urls import path

from . import views

app_name = "home"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("beranda/", views.tasks, name="tasks"),
    path("program/dasbor/", views.dashboard, name="dashboard"),
]
