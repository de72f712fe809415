"""Council register pages (decrees, members) under /r/<slug>/dewan/."""

from django.urls import path  # noqa: F401

app_name = "council"
urlpatterns: list = []
