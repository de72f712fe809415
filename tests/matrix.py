"""The permission matrix: one call checks a URL against every kind of user.

Each URL names who may open it; everyone else in the same regency gets 403, users of another
regency (or with no role) get 404, anonymous visitors are sent to the login page.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.test import Client

ALL_ROLES = ("secretariat", "opd", "other_opd", "member", "reviewer")


def assert_matrix(world, url: str, *, allowed: Iterable[str], hidden: Iterable[str] = (),
                  method: str = "get", data: dict | None = None, ok_status=(200, 302)) -> None:
    """Check `url` for every user of `world`.

    allowed: the users of the regency who may use it (status in ok_status);
    hidden: users of the regency for whom the object does not exist (404, e.g. another agency's
    draft); every other user of the regency gets 403. The other regency's secretariat and a
    user with no role get 404; an anonymous visitor is redirected to the login page.
    """
    allowed, hidden = set(allowed), set(hidden)
    anonymous = getattr(Client(), method)(url, data or {})
    assert anonymous.status_code == 302 and "/akun/masuk/" in anonymous["Location"], url
    for name in ALL_ROLES:
        expected = ok_status if name in allowed else (404,) if name in hidden else (403,)
        response = getattr(world.client_for(getattr(world, name)), method)(url, data or {})
        assert response.status_code in expected, (
            f"{name} {method.upper()} {url}: {response.status_code}, expected {expected}"
        )
    for name in ("outsider_secretariat", "no_role"):
        response = getattr(world.client_for(getattr(world, name)), method)(url, data or {})
        assert response.status_code == 404, f"{name} {url}: {response.status_code}, expected 404"
