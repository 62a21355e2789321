"""Leading proclitics on the first word of a decoded entity, so that spans follow the guidelines.

The model tags whole words, but the annotation guidelines keep the proclitics و، ف، ب، ل، ك written
onto the first word OUTSIDE the span (`و<LOC>هجين</LOC>`, `ل<ACTOR>قسد</ACTOR>`), while the article ال
stays inside, and a ل written onto ال (`للتنظيم` = ل + التنظيم, the alef dropped) leaves the whole word
inside. `proclitic_end(text, start, end, label)` says where the entity really starts in a first word.

The decision is taken from the word alone, letter by letter (at most two clitics, `وبدير`):
1. a hamza-alef or a non-Arabic letter after the letter means a clitic (`وأحد`, `لإسرائيل`, `وM5`);
2. a word that is itself a known word for the label, or a word that begins with one of these letters
   as part of it (`وادي`, `لواء`, `فيلق`, `كتائب`, `بين`), is left whole;
3. `لل` + word: the whole word stays (guidelines), unless what follows the first ل is a known word
   beginning with ل (`للواء` = ل + لواء);
4. the letter is stripped when what follows is `ال...` (`والقوات`, `بالتحالف`, `لـالنظام`);
5. ف and ك go no further (they begin many names: `فاطمة` is not ف + أطمة, `كفرنبل`), except ف
   before a clitic ب/ل that is itself stripped (`فبحلب`);
6. و، ب، ل are stripped before a known word for the label (`بحلب`, `لقسد`, `بعنصرين`);
7. otherwise و is stripped for every label, and ل for ACTOR: in the corpus those letters before an
   entity are nearly always the conjunction / preposition; ب stays (`بنش`, `بداما`).
"Known" means: a word of a gazetteer key (LOC), of an actor alias (ACTOR), a number word, quantity
qualifier or counted noun (COUNT), or a head word of that type (`حي`, `جبل`, `طائرات`).

Words are compared folded (model/folding.py: أ/إ/آ -> ا, ة -> ه, ى -> ي, no tashkeel or tatweel), and
the returned offset points into the original text: tatweel or diacritics after a clitic (`لـقوات`,
`وَهجين`) stay outside the span, with the clitic.
"""

from __future__ import annotations

from functools import cache

from marsad.model.folding import clitic_variants, fold, strip_article, wordlist

CLITIC_LETTERS = frozenset("وفبلك")
MAX_CLITICS = 2  # و + ب / ل / ك (`وبدير`, `ولقوات`); three never occur in the corpus
DEFAULT_STRIPPED = {"LOC": "و", "COUNT": "و", "ACTOR": "ول"}  # see rule 7
_HAMZA_ALEFS = frozenset("أإآ")

# Frequent words that begin with و/ف/ب/ل/ك as part of the word (folded spelling), for every label.
OWN_LETTER_WORDS = frozenset(fold(w) for w in wordlist(
    "وادي وحدات وحدة ولاية ولايات وزارة وكالة وفد واحد واحدة والي "
    "فيلق فيالق فرقة فرق فرع فروع فوج فصائل فصيل فريق فرد فلسطين "
    "بين بيت بيوت باب بصرى بصر بحيرة برج بئر بضعة بضع بقايا بلدة بلدات بلد بادية "
    "لواء ألوية لجان لجنة لبنان ليبيا لاجئ لاجئين ليلة "
    "كتائب كتيبة كفر كلية كراج كامل"
))
# Head words inside a span that lexicons list only as parts of names.
_LOC_HEADS = frozenset(fold(w) for w in wordlist(
    "حي أحياء مخيم مخيمات جبل جبال نهر معبر طريق سهل وادي ريف بحيرة سد تل عين دير جسر قلعة "
    "شرق غرب شمال جنوب شرقي غربي شمالي جنوبي منطقة مدينة بلدة قرية محافظة ناحية بادية سجن مطار حقل"
))
_ACTOR_HEADS = frozenset(fold(w) for w in wordlist(
    "قوات قوى جيش تنظيم هيئة فصائل فصيل ميليشيات ميليشيا مليشيات طائرات طائرة طيران مروحيات مروحية "
    "مسيرة مسيرات خلايا خلية عناصر مسلحين مسلحون مجهولين مجهولون حزب حركة جبهة مجلس أجهزة شرطة "
    "حرس وحدات لواء فيلق فرقة كتائب دفاع"
))
_COUNT_HEADS = frozenset(fold(w) for w in wordlist(
    "أكثر أقل نحو قرابة حوالي زهاء ما بين عشرات مئات آلاف ألف مئة مائة بضعة عدة عدد "
    "حافلة سيارة عربة آلية دبابة مدفع منزل جسر مستودع مقر جثة جثث"
))


def proclitic_end(text: str, start: int, end: int, label: str) -> int:
    """Where an entity whose first word is text[start:end] starts once its proclitics are left out
    (`start` itself when there are none). `end` bounds the first word, so the entity keeps >= 2 letters."""
    letters, positions = _word_letters(text, start, end)
    stripped = clitic_count(letters, label)
    if stripped == 0:
        return start
    if positions[stripped] == positions[stripped - 1]:  # a ligature (ﻻ) holds clitic and stem: keep it
        return start
    return positions[stripped]


def clitic_count(word: str, label: str) -> int:
    """How many leading letters of a word (tashkeel-free, hamzas kept) are proclitics to leave
    outside a `label` span."""
    count = 0
    while count < MAX_CLITICS and _strips_first_letter(word[count:], label):
        count += 1
    return count


def _strips_first_letter(word: str, label: str) -> bool:
    if len(word) < 3 or word[0] not in CLITIC_LETTERS:
        return False
    letter, rest = word[0], word[1:]
    if rest[0] in _HAMZA_ALEFS or not _is_arabic_letter(rest[0]):
        return True  # `وأحد`, `بإدلب`, `لأكثر`, `وM5`: no stem begins with these pairs
    folded, folded_rest = fold(word), fold(rest)
    if folded in OWN_LETTER_WORDS or is_known(folded, label):
        return False
    if letter == "ل" and folded_rest.startswith("ل"):  # لل: ل + ال, unless ل + a word beginning with ل
        return folded_rest in OWN_LETTER_WORDS or is_known(folded_rest, label)
    if folded_rest.startswith("ال") and len(folded_rest) >= 4:
        return True
    if letter in "فك":  # they begin many names (`فاطمة` is not ف + أطمة); only before ال or ب/ل
        return letter == "ف" and rest[0] in "بل" and _strips_first_letter(rest, label)
    if is_known(folded_rest, label) or folded_rest in OWN_LETTER_WORDS:
        return True
    return letter in DEFAULT_STRIPPED.get(label, "و") and len(rest) >= 3


def _is_arabic_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a" or "\u0671" <= ch <= "\u06d3"


def is_known(word: str, label: str) -> bool:
    """A folded word that begins (or is) a name or head word of this entity type."""
    bare = strip_article(word)
    return word in _lexicon(label) or bare in _lexicon(label)


@cache
def _lexicon(label: str) -> frozenset[str]:
    if label == "LOC":
        return _place_words() | _LOC_HEADS
    if label == "ACTOR":
        return _actor_words() | _ACTOR_HEADS
    if label == "COUNT":
        return _count_words() | _COUNT_HEADS
    return frozenset()


def _place_words() -> frozenset[str]:
    """First words of the gazetteer's index keys (names with and without ال and heads, `كفرنبل`)."""
    from marsad.model.gazetteer import default_gazetteer

    return frozenset(strip_article(key.split()[0]) for key in default_gazetteer().name_keys())


def _actor_words() -> frozenset[str]:
    """Every word of the actor aliases, adjectives and coreference words, without ال."""
    from marsad.model.actors import default_registry

    words = default_registry().name_words()
    # Alias words with a clitic of their own (`لهيئة` in `الموالية لهيئة ...`) are not name words.
    return frozenset(w for w in words if len(w) >= 3 and not _has_known_stem(w, words))


def _has_known_stem(word: str, words: set[str]) -> bool:
    return word[0] in CLITIC_LETTERS and any(strip_article(v) in words for v in clitic_variants(word))


def _count_words() -> frozenset[str]:
    """Number words, vague quantities and the counted nouns the event layer knows."""
    from marsad.model import numbers
    from marsad.model.counts import CIVILIAN_NOUNS, MEMBER_WORDS  # counted nouns: `عنصرين`, `مدنيين`

    words: set[str] = set(numbers.UNITS) | set(numbers.TENS) | set(numbers.TEN_WORDS)
    for table in (numbers.HUNDRED_WORDS, numbers.TWO_HUNDRED_WORDS, numbers.COMPOUND_HUNDREDS,
                  numbers.THOUSAND_WORDS, numbers.TWO_THOUSAND_WORDS, numbers.THOUSANDS_PLURAL,
                  numbers.MILLION_WORDS, numbers.TWO_MILLION_WORDS, numbers.VAGUE):
        words |= set(table)
    return frozenset(words | CIVILIAN_NOUNS | MEMBER_WORDS)


def _word_letters(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """The letters of text[start:end] without the marks folding deletes (tashkeel, tatweel), hamzas
    kept, and for each letter the original index it comes from: a deleted mark goes with the letter
    before it, so `لـقوات` and `وَهجين` leave the tatweel and the fatha outside, with the clitic."""
    letters: list[str] = []
    positions: list[int] = []
    for index in range(start, end):
        folded = fold(text[index])
        if not folded:
            continue
        kept = folded if len(folded) > 1 else text[index]  # a ligature (ﻻ) gives two letters
        letters.extend(kept)
        positions.extend([index] * len(kept))
    return "".join(letters), positions
