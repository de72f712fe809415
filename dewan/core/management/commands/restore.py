"""`manage.py restore DIR [--force]`: put a backup back, then check it row by row and file by
file against its manifest (see dewan/core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dewan.core.backup import BackupError, restore, verify


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--force", action="store_true",
                            help="replace a database that already holds data")

    def handle(self, *args, directory, force=False, **options):
        try:
            manifest = restore(Path(directory), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        problems = verify(manifest)
        if problems:
            raise CommandError("Restored, but it differs from the backup:\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS(
            f"Restored {directory}: {sum(manifest['tables'].values())} rows and "
            f"{len(manifest['files'])} files, all as in the backup."))
