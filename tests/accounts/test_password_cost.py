"""The cost of password hashes comes from the settings: production's is argon2-cffi's
recommended one, the suite's is the cheapest, and a hash of another cost is brought to the
configured one at its owner's next sign-in."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.profiles import RFC_9106_LOW_MEMORY

from docgen.config import Settings
from docgen.http.auth import accounts
from docgen.services.accounts.service import AccountService, password_hasher
from tests.conftest import CHEAP_HASHING, TEST_PASSWORD


def test_production_cost_is_argon2s_recommended_one() -> None:
    shipped = Settings()
    assert (shipped.password_hash_time_cost, shipped.password_hash_memory_cost,
            shipped.password_hash_parallelism) == (
        RFC_9106_LOW_MEMORY.time_cost, RFC_9106_LOW_MEMORY.memory_cost,
        RFC_9106_LOW_MEMORY.parallelism)


def test_cost_is_read_from_the_environment() -> None:
    read = Settings.from_env({"DOCGEN_PASSWORD_HASH_TIME_COST": "2",
                              "DOCGEN_PASSWORD_HASH_MEMORY_COST": "19456",
                              "DOCGEN_PASSWORD_HASH_PARALLELISM": "1"})
    hasher = password_hasher(read)
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (2, 19456, 1)


def test_an_apps_accounts_hash_at_the_settings_cost(app, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("lan")
    stored = accounts(app).get("lan").password_hash
    cost = CHEAP_HASHING
    assert (f"$m={cost['password_hash_memory_cost']},t={cost['password_hash_time_cost']},"
            f"p={cost['password_hash_parallelism']}$") in stored


def test_a_hash_of_another_cost_is_redone_at_sign_in(app, make_user) -> None:  # type: ignore[no-untyped-def]
    make_user("lan")
    svc = accounts(app)
    dearer = AccountService(svc.sessions, PasswordHasher(time_cost=2, memory_cost=16,
                                                         parallelism=1))
    assert dearer.authenticate("lan", TEST_PASSWORD) is not None
    assert "$m=16,t=2,p=1$" in svc.get("lan").password_hash
    assert dearer.authenticate("lan", "mat-khau-sai-roi") is None
    assert dearer.authenticate("nobody", TEST_PASSWORD) is None  # against a dummy of its cost
