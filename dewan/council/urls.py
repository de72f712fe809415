"""Council register pages (decrees, members) under /r/<slug>/dewan/."""

from django.urls import path

from . import views

app_name = "council"
urlpatterns = [
    path("", views.composition, name="composition"),
    path("susunan.pdf", views.composition_pdf, name="composition_pdf"),
    path("dokumen/", views.document_settings, name="documents"),
    path("sk/", views.decree_list, name="decree_list"),
    path("sk/baru/", views.decree_create, name="decree_create"),
    path("sk/<int:pk>/", views.decree_detail, name="decree_detail"),
    path("sk/<int:pk>/ubah/", views.decree_edit, name="decree_edit"),
    path("sk/<int:pk>/pindaian/", views.decree_scan, name="decree_scan"),
    path("sk/<int:pk>/anggota/baru/", views.member_create, name="member_create"),
    path("anggota/<int:pk>/", views.member_detail, name="member_detail"),
    path("anggota/<int:pk>/ubah/", views.member_edit, name="member_edit"),
]
