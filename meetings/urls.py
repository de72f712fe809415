from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("baru/", views.meeting_create, name="create"),
    path("kalender.ics", views.feed, name="feed"),
    path("kalender/<str:token>/rapat.ics", views.feed_by_token, name="feed_token"),
    path("tindak-lanjut/", views.followup_list, name="followup_list"),
    path("tindak-lanjut/<int:pk>/", views.followup_detail, name="followup_detail"),
    path("tindak-lanjut/<int:pk>/perbarui/", views.followup_update, name="followup_update"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/ubah/", views.meeting_edit, name="edit"),
    path("<int:pk>/rapat.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/undangan/", views.invitations_send, name="invite"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item>/hapus/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/agenda/<int:item>/<str:direction>/", views.agenda_move, name="agenda_move"),
    path("<int:pk>/kehadiran/", views.attendance, name="attendance"),
    path("<int:pk>/kehadiran/tamu/", views.guest_add, name="guest_add"),
    path("<int:pk>/kehadiran/isi-dari-sk/", views.attendance_prefill, name="attendance_prefill"),
    path("<int:pk>/kehadiran/<int:row>/hapus/", views.attendance_remove,
         name="attendance_remove"),
    path("<int:pk>/notulen/", views.minutes_detail, name="minutes"),
    path("<int:pk>/notulen/ubah/", views.minutes_edit, name="minutes_edit"),
    path("<int:pk>/notulen/edarkan/", views.minutes_circulate, name="minutes_circulate"),
    path("<int:pk>/notulen/setujui/", views.minutes_approve, name="minutes_approve"),
    path("<int:pk>/notulen/pdf/", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/tindak-lanjut/baru/", views.followup_create, name="followup_create"),
    path("<int:pk>/lampiran/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/lampiran/<int:attachment>/", views.attachment_download,
         name="attachment_download"),
    path("<int:pk>/lampiran/<int:attachment>/hapus/", views.attachment_remove,
         name="attachment_remove"),
]
