"""/verifikasi/: the public verification of issued documents (no login)."""

from django.urls import path

from . import verification

app_name = "verification"
urlpatterns = [
    path("", verification.verify_start, name="start"),
    path("<str:code>/", verification.verify_document, name="document"),
]
