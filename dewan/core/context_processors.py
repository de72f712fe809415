"""Template context of every page: the bell's unread count."""

from __future__ import annotations

from django.http import HttpRequest

from .notifications import unread_count


class UnreadCount:
    """The signed-in user's unread count, asked of the database only when a page shows the
    bell (`{% with unread=nav_unread %}`: the template calls it once), never for a file
    download or a feed."""

    def __init__(self, user) -> None:
        self.user = user
        self.value: int | None = None

    def __call__(self) -> int:
        if self.value is None:
            self.value = unread_count(self.user)
        return self.value


def notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread = UnreadCount(user)
    unread.value = getattr(request, "unread_count", None)  # read with the roles (council/pages.py)
    return {"nav_unread": unread}
