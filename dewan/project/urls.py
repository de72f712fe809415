"""Root URLs. Tenant pages live under /r/<regency slug>/, one namespace per app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from dewan.core import health
from dewan.council import auth_views as account_views
from dewan.council.auth_forms import LoginForm
from dewan.home import views as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("akun/masuk/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("akun/sandi/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("akun/sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("akun/sandi/lupa/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("akun/sandi/lupa/terkirim/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("akun/sandi/atur/<uidb64>/<token>/", account_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("akun/sandi/atur/selesai/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("akun/notifikasi/", include("dewan.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("r/<slug:slug>/", include("dewan.home.urls")),
    path("r/<slug:slug>/dewan/", include("dewan.council.urls")),
    path("r/<slug:slug>/rapat/", include("meetings.urls")),
    path("r/<slug:slug>/program/", include("programs.urls")),
    path("r/<slug:slug>/laporan/", include("reports.urls")),
    path("nasional/", include("reports.national_urls")),
    path("verifikasi/", include("dewan.documents.urls")),
    # Answered by HealthCheckMiddleware before host validation; named here so it is listed.
    path("healthz", health.healthz, name="healthz"),
    # Pages link their icon; files opened directly in the browser (PDFs) ask for this one.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("img/favicon-32.png")),
         name="favicon"),
]

# Uploaded and generated files are never served from MEDIA_URL, not even in development:
# every download goes through a view that checks the user's regency and role first.
