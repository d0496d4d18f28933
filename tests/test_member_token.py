"""The member token the hub-mode server signs for a participant page's kernel."""

from __future__ import annotations

from toolkit import member_token
from toolkit.member_token import LIFETIME_SECONDS, member_from_query, member_query

SECRET = "a" * 64
NOW = 1_800_000_000.0


def test_a_signed_member_is_read_back_until_it_expires() -> None:
    query = member_query(SECRET, "northfield", now=NOW)
    assert member_from_query(SECRET, query, now=NOW) == "northfield"
    assert member_from_query(SECRET, f"{query}&tab=exercises", now=NOW) == "northfield"
    assert member_from_query(SECRET, query, now=NOW + LIFETIME_SECONDS) == "northfield"
    assert member_from_query(SECRET, query, now=NOW + LIFETIME_SECONDS + 1) is None


def test_another_secret_a_changed_member_or_a_made_up_token_opens_nobody() -> None:
    query = member_query(SECRET, "northfield", now=NOW)
    assert member_from_query("b" * 64, query, now=NOW) is None
    token = query.removeprefix(f"{member_token.PARAMETER}=")
    _, expires, signature = token.split(".")
    renamed = f"{member_token.PARAMETER}=brightwater.{expires}.{signature}"
    assert member_from_query(SECRET, renamed, now=NOW) is None
    later = f"{member_token.PARAMETER}=northfield.{int(expires) + 3600}.{signature}"
    assert member_from_query(SECRET, later, now=NOW) is None
    for query in (None, "", "key=abc", "hub_member=northfield", "hub_member=a.b.c"):
        assert member_from_query(SECRET, query, now=NOW) is None
    # two tokens: ambiguous, refused
    assert member_from_query(SECRET, f"{query}&{query}", now=NOW) is None


def test_each_server_run_draws_its_own_secret() -> None:
    assert member_token.new_secret() != member_token.new_secret()
    assert len(member_token.new_secret()) == 64
