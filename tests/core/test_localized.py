"""The rule that picks a content text in the interface's language (``core/localized.py``)."""

import pytest

from ortakakil.core.localized import has_text, is_english, pick, pick_labels


@pytest.mark.parametrize("language", ["en", "en-us", "en-GB", "EN"])
def test_english_readers_get_the_english_text(language):
    assert pick("Afet Yönetimi", "Disaster Management", language=language) == "Disaster Management"


@pytest.mark.parametrize("language", ["tr", "tr-tr", "de", "", None])
def test_everyone_else_gets_the_turkish_text(language):
    assert pick("Afet Yönetimi", "Disaster Management", language=language) == "Afet Yönetimi"


@pytest.mark.parametrize("english", ["", "   ", "\u200b\u200b", None, [], ["", " "]])
def test_an_empty_english_text_falls_back_to_turkish(english):
    assert pick("Afet Yönetimi", english, language="en") == "Afet Yönetimi"


def test_lists_are_picked_whole():
    agenda, agenda_en = ["10:00 Açılış", "12:45 Öğle arası"], ["10:00 Opening"]
    assert pick(agenda, agenda_en, language="en") == ["10:00 Opening"]
    assert pick(agenda, agenda_en, language="tr") == agenda


def test_choice_labels_fall_back_item_by_item():
    options = ["Memnunum", "Memnun değilim", "Kararsızım"]
    assert pick_labels(options, ["Satisfied", "", "Undecided"], language="en") == [
        "Satisfied",
        "Memnun değilim",
        "Undecided",
    ]
    assert pick_labels(options, ["Satisfied"], language="en") == ["Satisfied", "Memnun değilim", "Kararsızım"]
    assert pick_labels(options, ["Satisfied", "Dissatisfied", "Undecided"], language="tr") == options
    assert pick_labels(options, [], language="en") == options


def test_has_text_and_is_english():
    assert has_text("a") and has_text(["", "a"])
    assert not has_text("\ufeff \u200d") and not has_text(3)
    assert is_english("en-us") and not is_english("tr") and not is_english(None)


def test_every_english_text_has_a_twin_of_the_same_kind():
    from django.apps import apps

    from ortakakil.core.localized import HasEnglishTexts

    models = [m for m in apps.get_models() if issubclass(m, HasEnglishTexts)]
    assert {m.__name__ for m in models} == {
        "Process",
        "Phase",
        "Theme",
        "PreparationTask",
        "Survey",
        "Question",
        "Workshop",
    }
    for model in models:
        for name in model.english_fields:
            turkish, english = model._meta.get_field(name), model._meta.get_field(name + "_en")
            assert type(english) is type(turkish), (model.__name__, name)
            assert english.max_length == turkish.max_length, (model.__name__, name)
            assert english.blank, (model.__name__, name)
