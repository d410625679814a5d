"""Two clerks registering at the same moment get different serial numbers.

PostgreSQL only: SQLite serialises every writer on its file lock, so it cannot
show the race. Each thread has its own database connection (Django opens one
per thread), and the test checks on pg_locks that the second clerk really
waits on the first one's lock instead of merely finishing later.
"""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from disputes.models import Dispute, SerialCounter
from disputes.services import allocate_serials, dispute_register

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (two real connections)"),
]

WAIT = 20  # seconds; a safety net against a hung test, not a timing assertion


def _register(org_id, community_id, category_id, results, errors, **kwargs):
    from accounts.models import Community, Organization
    from disputes.models import DisputeCategory

    try:
        org = Organization.objects.get(pk=org_id)
        dispute = dispute_register(
            organization=org,
            by=None,
            fields={
                "received_on": datetime.date(2023, 6, 1),
                "community": Community.objects.get(pk=community_id),
                "category": DisputeCategory.objects.get(pk=category_id),
                "summary": "并发登记",
            },
        )
        results.append(dispute.serial)
    except Exception as exc:  # noqa: BLE001 - reported by the assertion below
        errors.append(exc)
    finally:
        connections.close_all()


def _waiting_on_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def test_second_clerk_waits_for_the_first_and_gets_the_next_number(org, community, category):
    # The year's counter row already exists (committed), so only the row lock can make
    # the second clerk wait; the first-registration-of-a-year race is the next test.
    SerialCounter.objects.create(organization=org, year=2023)
    first_holds = threading.Event()
    release = threading.Event()
    second_pid: list[int] = []
    results, errors = [], []

    def first_clerk():
        try:
            with transaction.atomic():
                results.append(allocate_serials(organization=org, year=2023)[0][1])
                first_holds.set()
                assert release.wait(WAIT)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    def second_clerk():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            second_pid.append(cursor.fetchone()[0])
        _register(org.pk, community.pk, category.pk, results, errors)

    a = threading.Thread(target=first_clerk)
    a.start()
    assert first_holds.wait(WAIT)
    b = threading.Thread(target=second_clerk)
    b.start()
    # The second clerk must be blocked on the counter row the first one holds.
    for _ in range(2000):
        if second_pid and _waiting_on_lock(second_pid[0]):
            break
        threading.Event().wait(0.01)
    else:
        release.set()
        pytest.fail("the second registration did not wait for the counter lock")
    release.set()
    a.join(WAIT)
    b.join(WAIT)
    assert not errors, errors
    assert results == ["八桥调〔2023〕0001号", "八桥调〔2023〕0002号"]
    assert SerialCounter.objects.get(organization=org, year=2023).last_number == 2


def test_many_simultaneous_registrations_get_distinct_consecutive_numbers(org, community, category):
    clerks = 8
    barrier = threading.Barrier(clerks)
    results, errors = [], []

    def clerk():
        barrier.wait(WAIT)
        _register(org.pk, community.pk, category.pk, results, errors)

    threads = [threading.Thread(target=clerk) for _ in range(clerks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
    assert not errors, errors
    assert sorted(results) == [f"八桥调〔2023〕{n:04d}号" for n in range(1, clerks + 1)]
    assert Dispute.objects.filter(organization=org).count() == clerks
