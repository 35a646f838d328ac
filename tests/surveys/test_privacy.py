"""The pure masking of free-text answers: realistic Turkish answers, what is masked, what is
flagged for a review, and ordinary capitalised words left alone."""

import pytest

from ortakakil.surveys.privacy import mask, mask_fragments, scrub


@pytest.mark.parametrize(
    ("answer", "masked"),
    [
        (
            "Kocatepe Mah. Kızılırmak Cad. No: 12/3 Daire 5 adresinde oturuyorum, su kesiliyor.",
            "[adres] adresinde oturuyorum, su kesiliyor.",
        ),
        (
            "Ahmet Haşim Sokak No 7 Kat 2'deki evimin önünde kaldırım çok dar.",
            "[adres]'deki evimin önünde kaldırım çok dar.",
        ),
        ("Adresim: 1453. Sokak No:4 D:9, posta kodu 06420.", "Adresim: [adres]."),
        ("Gazi Mustafa Kemal Bulvarı üzerinde ışıklar bozuk.", "[adres] üzerinde ışıklar bozuk."),
        ("Yıldız Apt. önündeki çukur aylardır kapatılmadı.", "[adres] önündeki çukur aylardır kapatılmadı."),
        (
            "06420 Çankaya/Ankara adresine yazdım, yanıt gelmedi.",
            "[adres] Çankaya/Ankara adresine yazdım, yanıt gelmedi.",
        ),
        ("Merhaba, adım Ayşe Yılmaz. Otobüsler geç geliyor.", "Merhaba, adım [ad]. Otobüsler geç geliyor."),
        ("Ben Mehmet, 45 yaşındayım; metro Sincan'a uzasın.", "Ben [ad], 45 yaşındayım; metro Sincan'a uzasın."),
        ("Sayın Hüseyin Kaya'ya iletilmesini rica ederim.", "Sayın [ad]'ya iletilmesini rica ederim."),
        ("Sayın Başkan Mansur Bey, parklar karanlık.", "Sayın [ad], parklar karanlık."),
        ("Bayan Demir ile görüştüm, ilgilenmedi.", "Bayan [ad] ile görüştüm, ilgilenmedi."),
        ("Beni ara: ayse@example.org veya 0532 111 22 33.", "Beni ara: [e-posta] veya [telefon]."),
    ],
)
def test_addresses_and_cued_names_are_masked(answer, masked):
    assert scrub(answer) == masked


@pytest.mark.parametrize(
    "answer",
    [
        "Ankara'da toplu taşıma yetersiz, Kızılay'da trafik hiç bitmiyor.",
        "Ben Kızılay'da çalışıyorum, akşamları dolmuş bulmak zor.",
        "Ben de aynı fikirdeyim: Ulus ve Kızılay arasına tramvay gelsin.",
        "Kızılay Meydanı ve Ankara Büyükşehir Belediyesi önündeki kaldırımlar kırık.",
        "Mogan Gölü çevresine bisiklet yolu yapılsın. Güvenpark yeşil kalsın.",
        "Otobüs numarası 413 olan hat kaldırılmasın.",
    ],
)
def test_ordinary_places_are_neither_masked_nor_flagged(answer):
    result = mask(answer)
    assert result.text == answer
    assert result.flags == ()


def test_names_that_cannot_be_masked_reliably_are_flagged():
    result = mask("Muhtarımız Hasan Çelik hiçbir şikâyeti dinlemiyor, Zeynep hanım da öyle.")
    assert result.text == "Muhtarımız Hasan Çelik hiçbir şikâyeti dinlemiyor, Zeynep hanım da öyle."
    assert result.flags == ("Hasan Çelik", "Zeynep")


def test_a_reviewer_masks_the_flagged_fragments():
    text = "Muhtarımız Hasan Çelik hiçbir şikâyeti dinlemiyor, Zeynep hanım da öyle."
    assert mask_fragments(text, ["Hasan Çelik", "Zeynep"]) == (
        "Muhtarımız [ad] hiçbir şikâyeti dinlemiyor, [ad] hanım da öyle."
    )


def test_three_capitalised_words_are_one_flag():
    assert mask("Komşumuz Ahmet Can Yılmaz her gün şikâyet ediyor.").flags == ("Ahmet Can Yılmaz",)


def test_masked_text_has_no_flags_left():
    assert mask("Adım Fatma Şahin, Keçiören'de oturuyorum.").flags == ()


@pytest.mark.parametrize(
    ("answer", "flags"),
    [
        ("ahmet yılmaz beni aradı", ("ahmet",)),
        ("ahmet Yılmaz beni aradı", ("ahmet Yılmaz",)),
        ("AHMET YILMAZ beni aradı", ("AHMET YILMAZ",)),
        ("muhtar İBRAHİM bey ilgilenmedi", ("İBRAHİM",)),
        ("ayşe teyze ve mehmet amca parkı temizliyor", ("ayşe", "mehmet")),
        ("komşum mehmet ali dün şikâyet etti", ("mehmet ali",)),
        ("dün ismail'e söyledim, ilgilenmedi", ("ismail",)),
    ],
)
def test_known_first_names_are_flagged_in_any_letter_case(answer, flags):
    result = mask(answer)
    assert result.text == answer
    assert result.flags == flags


@pytest.mark.parametrize(
    "answer",
    [
        "ankara'da kızılay meydanında gül bahçesi yapılsın",
        "bayram ve ramazan günlerinde otobüsler seyrek, recep ayında da öyle",
        "melek gibi bir sevgi ile yasemin kokulu parklar; ebru sanatı kursu açılsın",
        "derya gibi bilgisi var, özlem ile bekliyoruz; murat etmek yetmez",
        "elif harfinden başlayarak okuma kursu, kemal bulmuş bir hizmet",
    ],
)
def test_first_names_that_are_ordinary_words_are_flagged_only_when_capitalised(answer):
    assert mask(answer).flags == ()
    assert mask("Dün Bayram Özdemir aradı.").flags == ("Bayram Özdemir",)
    assert mask("Komşumuz Melek çok yardımcı.").flags == ("Melek",)
