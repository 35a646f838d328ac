import pytest
from django.core.exceptions import ValidationError

from ortakakil.core.validation import clean_text


def test_zero_width_title_is_empty():
    with pytest.raises(ValidationError) as error:
        clean_text("\u200b" * 6, field="title", label="Başlık", max_length=150, min_length=5)
    assert error.value.message_dict == {"title": ["Başlık boş bırakılamaz."]}


def test_nul_character_gets_a_turkish_message():
    with pytest.raises(ValidationError) as error:
        clean_text("fikir\x00", field="text", label="Fikir", max_length=100)
    assert "U+0000" in error.value.message_dict["text"][0]


def test_visible_text_is_returned():
    assert clean_text("  Bisiklet yolu\u200b ", field="t", label="T", max_length=100) == "Bisiklet yolu"
