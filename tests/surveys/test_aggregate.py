from hypothesis import given
from hypothesis import strategies as st

from ortakakil.surveys.aggregate import aggregate
from ortakakil.surveys.privacy import scrub

LIKERT = ["1", "2", "3", "4", "5"]


def test_single_choice_counts_and_shares_skip_unanswered():
    result = aggregate("single", ["Evet", "Hayır"], ["Evet", "Evet", "Hayır", None, ""])
    assert result.answered == 3
    assert [(o.label, o.count, o.share) for o in result.options] == [("Evet", 2, 66.7), ("Hayır", 1, 33.3)]


def test_likert_mean_uses_the_scale_positions():
    assert aggregate("likert", LIKERT, ["1", "5", "3"]).mean == 3.0


def test_multiple_choice_shares_are_per_respondent():
    result = aggregate("multiple", ["a", "b", "c"], [["a", "b"], ["a"], ["a", "a"]])
    assert [(o.label, o.count) for o in result.options] == [("a", 3), ("b", 1), ("c", 0)]
    assert result.options[0].share == 100.0


def test_ranking_uses_a_borda_count():
    result = aggregate("ranking", ["ULASIM", "AFET", "CEVRE"], [["AFET", "ULASIM"], ["ULASIM", "AFET", "CEVRE"]])
    # AFET: 2 + 2 = 4, ULASIM: 1 + 3 = 4, CEVRE: 1 → ties keep the given order
    assert [(o.label, o.score, o.count) for o in result.options] == [("ULASIM", 4, 1), ("AFET", 4, 1), ("CEVRE", 1, 0)]


@given(st.lists(st.sampled_from(LIKERT), min_size=1))
def test_single_shares_sum_to_one_hundred(values):
    result = aggregate("single", LIKERT, values)
    assert abs(sum(o.share for o in result.options) - 100) < 0.6
    assert sum(o.count for o in result.options) == len(values)


def test_scrub_masks_personal_data():
    text = "Beni 0532 123 45 67 veya ayse.kaya@example.org adresinden arayın, TC 12345678901, sabit 0312 444 55 66."
    assert scrub(text) == "Beni [telefon] veya [e-posta] adresinden arayın, TC [kimlik no], sabit [telefon]."


def test_scrub_leaves_ordinary_numbers_alone():
    assert scrub("2019 yılında 25 ilçede 340 öneri") == "2019 yılında 25 ilçede 340 öneri"
