"""Golden test: AraBERT v0.2's WordPiece on seed sentences after marsad's normaliser.

If this changes, the vocabulary, the tokenizer settings (no lowercasing, accents kept) or the
normaliser changed, and every model trained before no longer sees the text it was trained on."""

import pytest

from marsad.model.normalize import normalize

GOLDEN = {
    "معارك الـ 5 كلم في شرق الفرات تتواصل بعنف بين قسد والتنظيم والأخير يحاول التقدم": [
        "معارك", "ال", "5", "كلم", "في", "شرق", "الفرات", "تتواصل", "بعنف", "بين", "قس", "##د", "والتنظيم",
        "والأخير", "يحاول", "التقدم",
    ],
    "حيث قتل 43 عنصراً من تنظيم “الدولة الإسلامية” هم 8 قتلوا خلال يومي أمس وأول أمس": [
        "حيث", "قتل", "43", "عنصرا", "من", "تنظيم", "“", "الدولة", "الإسلامية", "”", "هم", "8", "قتلوا", "خلال",
        "يومي", "أمس", "وأول", "أمس",
    ],
    "فيما قضى 18 عنصراً من قوات سوريا الديمقراطية في الاستهدافات والاشتباكات": [
        "فيما", "قضى", "18", "عنصرا", "من", "قوات", "سوريا", "الديمقراطية", "في", "الاستهداف", "##ات", "والاشت",
        "##باكات",
    ],
    "أحدهم قيادي ميداني بمجلس دير الزور العسكري التابع لقوات سوريا الديمقراطية": [
        "أحدهم", "قيادي", "ميداني", "بمجلس", "دير", "الزور", "العسكري", "التابع", "لقوات", "سوريا", "الديمقراطية",
    ],
    "في الـ 10 من شهر أيلول / سبتمبر الفائت": ["في", "ال", "10", "من", "شهر", "أيلول", "-", "سبتمبر", "الفائت"],
}


@pytest.fixture(scope="module")
def tokenizer():
    from marsad.training.tokenizer import build_arabert_tokenizer

    return build_arabert_tokenizer()


@pytest.mark.parametrize("sentence", list(GOLDEN))
def test_arabert_tokenisation_of_seed_sentences(tokenizer, seed_text, sentence):
    assert sentence in seed_text
    assert tokenizer.tokenize(normalize(sentence).text) == GOLDEN[sentence]


def test_hamza_and_madda_survive(tokenizer):
    """The Hub's tokenizer.json lowercases, which strips hamza under NFD; ours must not."""
    assert tokenizer.tokenize("أسر الإسلامية آلاف") == ["أسر", "الإسلامية", "آلاف"]


def test_whole_seed_report_has_no_unknown_sub_words(tokenizer, seed_text):
    words = [w.text for w in normalize(seed_text).words]
    ids = tokenizer(words, is_split_into_words=True, add_special_tokens=False, verbose=False)["input_ids"]
    assert len(words) == 587 and len(ids) == 621
    assert tokenizer.unk_token_id not in ids
