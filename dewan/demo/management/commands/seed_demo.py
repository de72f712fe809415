"""`python manage.py seed_demo`: load the five seed councils. Safe to run twice.

The demo accounts (an `admin` among them) share one published password, so the command
refuses to run on a production settings (DJANGO_DEBUG off) unless told `--force`.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dewan.demo.data import load_all
from dewan.demo.data.council import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Memuat data demo lima Dewan Smart City dari artikel berita (aman dijalankan ulang)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true",
            help="Jalankan juga bila DJANGO_DEBUG mati (misalnya server demo atau pengujian).")

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo ditolak: DJANGO_DEBUG mati, jadi ini tampaknya server produksi. "
                f"Data demo membuat akun (termasuk 'admin') dengan kata sandi umum "
                f"'{DEMO_PASSWORD}'. Jika memang server demo, jalankan dengan --force.")
        world = load_all()
        self.stdout.write(self.style.SUCCESS(
            f"Data demo siap: {len(world.regencies)} kabupaten/kota."))
        self.stdout.write(f"Login demo (kata sandi semua akun: {DEMO_PASSWORD}):")
        for username, what in demo_logins():
            self.stdout.write(f"  {username:<30} {what}")
