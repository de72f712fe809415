from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("baru/", views.program_create, name="create"),
    path("ekspor.xlsx", views.program_export, name="export"),
    path("impor/", views.program_import, name="import"),
    path("impor/templat.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.program_detail, name="detail"),
    path("<int:pk>/ubah/", views.program_edit, name="edit"),
    path("<int:pk>/indikator/", views.program_indicators, name="indicators"),
    path("<int:pk>/lapor/<int:year>/<int:quarter>/", views.report_new, name="report_new"),
    path("triwulan-ini/", views.quarter_page, name="quarter"),
    path("laporan/<int:pk>/", views.report_detail, name="report_detail"),
    path("laporan/<int:pk>/ubah/", views.report_edit, name="report_edit"),
    path("laporan/<int:pk>/verifikasi/", views.report_verify, name="report_verify"),
    path("laporan/<int:pk>/kembalikan/", views.report_return, name="report_return"),
    path("laporan/<int:pk>/data-dukung/<int:file_pk>/", views.evidence_download,
         name="evidence"),
    path("laporan/ekspor.xlsx", views.report_export, name="report_export"),
    path("verifikasi/", views.verification_queue, name="verification"),
    path("periode/", views.period_list, name="periods"),
]
