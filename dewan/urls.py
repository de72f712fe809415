"""Root URLs. Tenant pages live under /r/<regency slug>/, one namespace per app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .auth_forms import LoginForm

regency_patterns = [
    path("", views.overview, name="overview"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("akun/masuk/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("akun/sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("r/<slug:slug>/", include((regency_patterns, "dewan"))),
    path("r/<slug:slug>/dewan/", include("dewan.register_urls")),
    path("r/<slug:slug>/rapat/", include("meetings.urls")),
    path("r/<slug:slug>/program/", include("programs.urls")),
    path("r/<slug:slug>/laporan/", include("reports.urls")),
    path("nasional/", include("reports.national_urls")),
]

# Uploaded and generated files are never served from MEDIA_URL, not even in development:
# every download goes through a view that checks the user's regency and role first.
