from ortakakil.stats.suppression import THRESHOLD, suppress, suppress_all


def test_under_five_is_none_five_is_shown():
    assert THRESHOLD == 5
    assert suppress(4) is None
    assert suppress(0) is None
    assert suppress(5) == 5
    assert suppress(None) is None
    assert suppress_all({"a": 4, "b": 5, "c": 120}) == {"a": None, "b": 5, "c": 120}
