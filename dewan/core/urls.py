"""A user's own notifications, under /akun/notifikasi/ (per user, outside any regency)."""

from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("baca-semua/", views.mark_all_read, name="read_all"),
    path("pengaturan/", views.preferences, name="preferences"),
    path("<int:pk>/baca/", views.mark_read, name="read"),
]
