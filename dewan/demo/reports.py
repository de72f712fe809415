"""Demo data of the reports app (filled in by that app's work)."""


def load(council) -> None:
    """Idempotent: a second run changes nothing."""
