from datetime import datetime, timedelta

from layers.air import ReplayClock

OBSERVED = (datetime(2020, 3, 26, 18), datetime(2020, 3, 26, 19), datetime(2020, 3, 29, 0),
            datetime(2020, 3, 29, 1))


def test_every_present_hour_maps_to_an_observed_hour():
    clock = ReplayClock(OBSERVED)
    start = datetime(2026, 11, 23, 0)
    seen = [clock.to_source(start + timedelta(hours=h)) for h in range(24)]
    assert set(seen) == set(OBSERVED)


def test_consecutive_present_hours_step_through_observed_hours():
    clock = ReplayClock(OBSERVED)
    t = datetime(2026, 11, 23, 5)
    a, b = clock.to_source(t), clock.to_source(t + timedelta(hours=1))
    assert OBSERVED.index(b) == (OBSERVED.index(a) + 1) % len(OBSERVED)


def test_minutes_do_not_change_the_replayed_hour():
    clock = ReplayClock(OBSERVED)
    assert clock.to_source(datetime(2026, 11, 23, 5, 59)) == \
        clock.to_source(datetime(2026, 11, 23, 5, 0))
