"""The demo name pools: many names, a few very common ones and a long tail, native script where the
people write their names in another script, and the same draws for the same seed."""

from __future__ import annotations

import random
from collections import Counter

from passage.demo.names import ARABIC, POOLS, SOMALI, TIGRINYA


def test_pools_are_large_with_a_few_very_common_names():
    for nationality, pool in POOLS.items():
        assert len(pool.male) >= 35 and len(pool.female) >= 35, nationality
    rng = random.Random(1)
    drawn = Counter(ARABIC.given(rng, "M")[1] for _ in range(20000))  # by native form: all spellings of a name
    share = {name: count / 20000 for name, count in drawn.items()}
    assert 0.05 <= share["محمد"] <= 0.15  # Mohammed, in all its spellings
    assert len(drawn) >= 60 and min(share.values()) < 0.005  # a long tail


def test_spellings_and_native_script_are_kept():
    spellings = {latin for latin, _native in ARABIC.male.names if _native == "محمد"}
    assert {"Mohammed", "Muhammad", "Mohamed", "Mohammad"} <= spellings
    assert all(native and not native.isascii() for _latin, native in ARABIC.female.names)
    assert all(native and not native.isascii() for _latin, native in TIGRINYA.male.names)
    assert {"Maxamed", "Mohamed"} <= {latin for latin, _native in SOMALI.male.names}


def test_family_names_are_often_the_grandfathers_given_name():
    rng = random.Random(2)
    males = {latin for latin, _native in SOMALI.male.names}
    assert all(SOMALI.family_name(rng)[0] in males for _ in range(200))
    draws = [ARABIC.family_name(rng)[0] for _ in range(2000)]
    from_males = sum(name in {latin for latin, _native in ARABIC.male.names} for name in draws) / len(draws)
    assert 0.25 <= from_males <= 0.6


def test_same_seed_same_names():
    first = [TIGRINYA.given(random.Random(5), "F") for _ in range(3)]
    assert first == [TIGRINYA.given(random.Random(5), "F") for _ in range(3)]
