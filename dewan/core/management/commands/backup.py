"""`manage.py backup [DIR]`: the database and the uploaded files (see dewan/core/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dewan.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new directory."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="default: backups/<date-time>")

    def handle(self, *args, directory=None, **options):
        target = Path(directory or Path(settings.BASE_DIR) / "backups"
                      / timezone.localtime().strftime("%Y%m%d-%H%M%S"))
        try:
            manifest = backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(self.style.SUCCESS(
            f"Backup in {target}: {manifest['engine']} database ({rows} rows in "
            f"{len(manifest['tables'])} tables), {len(manifest['files'])} files"
            + (" (files are in object storage: back the bucket up separately)"
               if manifest["files_in_object_storage"] else "")))
