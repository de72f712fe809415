"""`python manage.py seed_demo`: load the five seed councils. Safe to run twice."""

from django.core.management.base import BaseCommand

from dewan.demo import load_all
from dewan.demo.council import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Memuat data demo lima Dewan Smart City dari artikel berita (aman dijalankan ulang)."

    def handle(self, *args, **options) -> None:
        world = load_all()
        self.stdout.write(self.style.SUCCESS(
            f"Data demo siap: {len(world.regencies)} kabupaten/kota."))
        self.stdout.write(f"Login demo (kata sandi semua akun: {DEMO_PASSWORD}):")
        for username, what in demo_logins():
            self.stdout.write(f"  {username:<30} {what}")
