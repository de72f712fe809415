"""Portal Dewan Smart City: the project package.

    project/    wiring: settings, root URLs, the Celery app, WSGI/ASGI, date and number formats
    core/       what every app shares and nothing of the domain: errors, the quarter calendar,
                uploads, form widgets, number filters, change history, the task outbox
    documents/  HTML → PDF: rendering, parts in parallel processes, merging and stamping
    council/    the tenant (Regency), the council register and the tenancy layer (app "dewan")
    home/       pages that bring the apps together: home, regency overview, dashboard
    demo/       the demo data of the five seed articles (`seed_demo`)

The apps `programs`, `meetings` and `reports` sit beside this package; see
docs/architecture.md for the direction of their dependencies.
"""

from .project.celery import app as celery_app

__all__ = ["celery_app"]
