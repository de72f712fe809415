"""Imported by the slow test worker only (worker_settings.CELERY_IMPORTS): the prefork master
looks for dead pool processes every 0.5 s instead of Celery's 5 s.

A pool process killed by SIGKILL is normally noticed at once, through its sentinel pipe; but
when the master wakes on the pipe before the kernel has made the process a zombie, it finds
nothing to reap and only the periodic check (5 s) notices it later. That race does not change
what happens (the job is lost, its message requeued and redelivered), only when; the kill loop
of tests/reports/test_worker.py would spend most of its time waiting on it.
"""

from celery.concurrency import asynpool

asynpool.AsynPool.timers = property(lambda self: {self.maintain_pool: 0.5})
