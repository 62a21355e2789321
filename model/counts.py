"""Read COUNT spans: value, unit, category, victim, scope and breakdowns (`part_of`).

Each count is read in three passes:
1. its own reading: the quantity (model/numbers.py), the unit from the counted noun (its head: `سائق
   سيارة أجرة` is a person), the category from the noun itself (قتلى، جرحى، نازحين) or the nearest
   cue word (a verb right after it, `8 قتلوا`; what its clause says the people still are, `لا يزال 400
   شاب ... مجهولي المصير`; else the nearest verb or noun before it in its clause, `قتل 43 عنصراً`),
   the victim from `من + ACTOR` and similar attachments after it (`طائرة حربية تابعة لقوات النظام`,
   `عنصرين يتبعان لحزب الله`) or between its verb and it (`قتل من قسد 6 مقاتلين`;
   never an actor that acts on it: `قتلتهم طائرات التحالف`, `بقصف من قوات النظام`), from a pronoun
   (`أفرجت الهيئة عن 6 من عناصرها`), from the people a vehicle carried, or from a civilian noun; the
   scope from running-total cues (`يرتفع إلى`, `منذ اندلاع ...`, `خلال الأشهر الفائتة`, `خلالها`
   after an operation of days) that are not comparisons (`الأعنف منذ ...`) nor this report's day
   (`منذ بدء الهجوم` when the attack began today);
2. breakdowns: a count after `بينهم، منهم، هم، وهم ...`, or `أحدهم`, is part of the count right
   before it (or of that count's whole when it is too small); a count joined by `و` to a breakdown, or `الـ 7
   الآخرين`, is a sibling of that breakdown; `أفرج عن 9 من المختطفين`, `من بين الشهداء 9 مواطنين`
   break down the latest count of that category;
3. inheritance: a breakdown takes its whole's category, victim and scope unless it says otherwise;
   a count with no category cue takes the previous count's in its sentence; items added to a running
   total (`و`, `إضافة إلى`) share its scope; an update (`ليرتفع إلى 44`) that sums counts told
   before it is a running total.

Units (a small fixed set): person, family, vehicle, building, equipment, other.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from marsad.model.actors import ActorRegistry
from marsad.model.context import DocContext, Span, maker, word_flag
from marsad.model.folding import clitic_variants, fold, fold_pattern, strip_article, wordlist
from marsad.model.numbers import Quantity, _number_value, parse_quantity
from marsad.model.schema import Count

UNITS = ("person", "family", "vehicle", "building", "equipment", "other")


def _lexicon(spec: dict[str, str], suffixes: tuple[str, ...] = ()) -> dict[str, str]:
    """Folded word -> key; `suffixes` adds inflected forms (`قتل` -> قتلوا، قتلهم ...)."""
    table: dict[str, str] = {}
    for key, words in spec.items():
        for word in words.split():
            word = fold(word)
            table.setdefault(word, key)
            for suffix in suffixes:
                table.setdefault(word + suffix, key)
    return table


# --- cue words (folded) -----------------------------------------------------------------------------
# Verbs: matched with the conjunctions و/ف only. Nouns (masdar, plurals): also with ب/ل/ك and ال.
_VERB_CUES = _lexicon({
    "killed": "قتل قتلت قتلوا قتلتهم قتلهم قتلته قتلها يقتل تقتل يقتلون يقضون يقضي تقضي يستشهدون خسر خسرت يخسر تخسر قنص قنصت قنصوا استشهد استشهدت استشهدوا يستشهد قضى قضت "
              "قضوا لقي لقيت لقوا يلقى توفي توفيت توفوا أعدم أعدمت أعدموا اغتيل اغتيلت اغتالت اغتال "
              "ذبح ذبحت نحر فارق فارقوا فارقت أجهز يعدم تعدم يعدمون يغتال تغتال يذبح "
              "ارتقى ارتقت ارتقوا أردى أردت أردوا أرداه أردتهم "
              "قتلا استشهدا قضيا لقيا توفيا أعدما اغتيلا",  # (present: headlines; duals: `قتلا بقصف`)
    "injured": "أصيب أصيبت أصيبوا يصاب تصاب جرح جرحت جرحوا أصابت أصاب أصيبا جرحا",
    "captured": "أسر أسرت أسروا اعتقل اعتقلت اعتقلوا يعتقل اختطف اختطفت اختطفوا خطف خطفت خطفوا احتجز احتجزت "
                "احتجزوا اقتاد اقتادت اقتيد أوقف أوقفت ألقي اعتقلتهم اختطفتهم أسرتهم استسلم استسلموا سلم سلمت "
                "سلموا يأسر تأسر يأسرون يحتجز تحتجز يحتجزون يختطف تختطف يختطفون تعتقل يعتقلون "
                "اعتقلا أسرا اختطفا خطفا احتجزا اقتيدا",
    # (bare `فقد` is mostly the particle ف + قد: `فقد ارتفع إلى ...`; see _cue_of)
    "missing": "فقد فقدت فقدوا فقدا اختفى اختفت اختفوا غيب غيبت غيبوا",
    "displaced": "نزح نزحت نزحوا نزحا ينزح تنزح ينزحون لجأ لجأت لجؤوا شرد شردت هجر هجرت هجروا خرج خرجت خرجوا يخرج غادر غادرت غادروا أخرج أخرجت أخرجوا",
    "destroyed": "دمر دمرت دمروا أعطب أعطبت أحرق أحرقت احترق احترقت تضرر تضررت تضررا استولى استولت "
                 "اغتنم اغتنمت هدم هدمت جرف جرفت أسقط أسقطت أسقطوا تدمرت دمرتها أعطبتها انهار انهارت "
                 "أضرم أضرمت أضرموا حطم حطمت تحطمت نسف نسفت نسفوا أتلف أتلفت صادر صادرت سرق سرقت نهبت",  # `أضرموا النار في 3 منازل`
    "other": "أفرج أفرجت يفرج تفرج يفرجون انشق انشقوا عاد عادت عادوا فر فرت فروا هرب هربت هربوا نجا نجت نجوا",
}, suffixes=("وا", "هم", "ه", "ها", "هما", "تهم", "ته", "تها"))
_NOUN_CUES = _lexicon({
    "killed": "مقتل مقتله مقتلهم مقتلها قتلى قتيل قتيلا قتيلان قتيلين قتيلة استشهاد استشهادهم شهيد شهداء "
              "شهيدا شهيدين وفاة وفاته وفاتهم حتفه حتفهم حتفها حتفهما مصرع مصرعه مصرعهم مصرعها مصرعهما جثة "
              "جثث جثتي جثتين جثمان جثامين إعدام إعدامهم اغتيال اغتياله اغتيالهم تصفية تصفيته تصفيتهم ضحايا "
              "حياته حياتهم حياتها حياتهما الحياة ذبح خسارة خسائر مقتولا مقتولة مقتولين إعدامات "
              "بحياة أرواح مجزرة مجازر وفيات",  # `أودت بحياة 43 عنصراً`, `حصدت الضربات أرواح 23 عنصراً`
    "injured": "إصابة إصابته إصابتهم إصابات إصابتها مصاب مصابين مصابا مصابون مصابان جرحى جريح جريحا جريحين جريحان جراح "
               "جروح بجروح جراحه إصابتهما إصابتين جراحا",
    "captured": "أسرى أسير أسيرا أسيرين اعتقال اعتقاله اعتقالهم معتقل معتقلين معتقلا معتقلون اختطاف اختطافه "
                "اختطافهم مختطف مختطفين مختطفا خطف خطفه احتجاز احتجازه احتجازهم محتجز محتجزين محتجزا "
                "اقتياد اقتيادهم توقيف توقيفه القبض أسر استسلام استسلامهم اعتقالات الاعتقالات اختطافات "
                "الاحتجاز احتجازات مداهمات المداهمات مداهمة دهم تسليم",
    "missing": "فقدان مفقود مفقودين مفقودا مفقودون تغييب مغيب مغيبين مغيبا إخفاء مخفيين مخفيا المصير مصير مصيرهم مصيره اختفاء اختفائه مجهولا مجهولي",
    "displaced": "نزوح نازح نازحين نازحا نازحون نازحة تهجير تهجيرهم مهجر مهجرين مهجرا خروج الخارجين قافلة "
                 "القافلة قوافل تشريد مشرد مشردين لجوء إجلاء الإجلاء ترحيل مغادرة هربا فرارا إخراج إخراجهم إجلاؤهم إجلائهم إجلاءهم",
    "destroyed": "تدمير تدميرها تدميره تدميرهم دمار إعطاب إعطابها إعطابه إحراق إحراقها احتراق حرق تضرر "
                 "أضرار أضرارا استيلاء الاستيلاء اغتنام اغتنامها هدم تجريف إسقاط إسقاطها تحطم تفجير تفجيرها "
                 "مصادرة مصادرتها سرقة نهب إضرام نسف إتلاف تخريب",
    "other": "الإفراج إفراج سراح انشقاق تسوية عودة فرار الفارين",
}, suffixes=("هم", "ه", "ها", "هما"))
# Nouns in the COUNT span that carry their own category: `5 قتلى`, `3 جرحى`, `2000 نازح`.
_SPAN_NOUNS = _lexicon({
    "killed": "قتلى قتيل قتيلا قتيلان قتيلين قتيلة شهيد شهداء شهيدا شهيدين جثة جثث جثتين جثتي جثتا جثمان جثامين ضحايا ضحية "
              "أرواح الأرواح",
    "injured": "جرحى جريح جريحا جريحين جريحان مصاب مصابين مصابا مصابون مصابان إصابات إصابة",
    "captured": "أسرى أسير أسيرا أسيرين معتقل معتقلين معتقلا معتقلون مختطف مختطفين مختطفا محتجز محتجزين "
                "محتجزا موقوفين سجناء",
    "missing": "مفقود مفقودين مفقودا مفقودون",
    "displaced": "نازح نازحين نازحا نازحون نازحة مهجر مهجرين",
})
_UNIT_NOUNS = _lexicon({
    "family": "عائلة عائلات عوائل أسرة أسر عائلتين عائلتان أسرتين",
    "vehicle": "عربة عربات عربتي آلية آليات آليتي سيارة سيارات سيارتي سيارتا دبابتي مدرعتي جرار جرارات دبابة دبابات مدرعة مدرعات ناقلة ناقلات شاحنة شاحنات "
               "صهريج صهاريج دراجة دراجات عربتين آليتين سيارتين دبابتين مدرعتين جرافة جرافات باص حافلة حافلات "
               "ميكرو بيك بيكآب رباعية عربة مصفحة مصفحات مركبة مركبات زورق زوارق قاطرة",
    "building": "منزل منازل بيت بيوت مبنى مباني مبان محل محلات محال متجر متاجر مدرسة مدارس مسجد مساجد مشفى مشافي مشاف "
                "مركز مراكز مركزين محطة محطات صومعة صوامع جسر جسور معمل معامل مصنع مصانع منشأة "
                "مستشفى مستشفيات مقر مقرات منشأة منشآت مخزن مستودع مستودعات خيمة خيام كنيسة فرن أفران "
                "منزلين محلين مدرستين بناء أبنية شقة شقق",
    "equipment": "مدفع مدافع راجمة راجمات طائرة طائرات مسيرة مسيرات رشاش رشاشات قاعدة منصة منصات صاروخ "
                 "بئر آبار حراقة حراقات مولدة",
})
CIVILIAN_NOUNS = {fold(w) for w in wordlist(
    "لاجئة لاجئات لاجئا لاجئون قاطني قاطنو قاطنين "
    "مدني مدنية مدنيين مدنيا مدنيون مدنيان مدنيتين مدنيات مواطن مواطنة مواطنين مواطنا مواطنون مواطنان مواطنتين "
    "مواطنات طفل طفلة أطفال طفلا طفلين طفلان طفلتين طفلتان رضيع رضيعة رضع امرأة امرأتين امرأتان نساء سيدة سيدات "
    "سيدتين فتاة فتيات فتاتين رجل رجال رجلين رجلا شاب شابا شبان شابين شابان شابة شابات عائلة عائلات عوائل أسرة أسر "
    "عائلتين أسرتين نازح نازحين نازحا نازحون نازحة لاجئ لاجئين راع رعاة راعي راعيا راعيين عامل عمال عاملا عاملين "
    "فلاح فلاحين مزارع مزارعين مزارعا طالب طلاب طالبة طالبات تلميذ تلاميذ مسن مسنة مسنين عجوز معلم معلمة معلمين "
    "مدرس مدرسين طبيب أطباء ممرض ممرضة ممرضين صحفي صحفيين صحفيا إعلامي إعلاميين ناشط ناشطين ناشطا سائق سائقين "
    "سائقا تاجر تجار بائع صياد صيادين موظف موظفين مواطنتان شقيقين شقيقان شقيق شقيقة شقيقتين إخوة أشقاء زوجين "
    "زوجته أبناء سكان أهالي مهندس متطوع متطوعين مسعف مسعفين حارس مختار فتى فتيان متظاهر متظاهرين متظاهرون "
    "متظاهرا زائر زائران زائرين زوار بحار بحاران بحارة مختطف مختطفين مختطفا مختطفون مدنيتان مدنيتين مدنيين "
    "متطوعي قاصر قاصرين قاصرا مسنا امرأة سيدتان مواطنتين جامعي صبي صبية فلاحا رضيعا ممرضة مارة المارة مسعفا "
    "محام محامي محاميا محاميان محاميين محامين راهب راهبة راهبات رهبان كاهن إمام مؤذن طالبة مصور مصورا مصورين "
    "مراسل مراسلين صيدلاني صيدلانية موظفة عاملة عاملات ناشطة ناشطات صحفية صحفيات طبيبة طبيبات ممرضات "
    "سكانها سكانه أهاليها أهلها"  # `يختطف العشرات من سكانها`
)}
# Kin with a pronoun: `استشهد راع وأصيب شقيقاه`, `ثلاثة من أشقائه`. Civilians unless they break down
# a count of one side (`اعتقال 3 من التنظيم، بينهم شقيقاه`): a weak reading that a whole overrides.
_KIN = {fold(w) for w in wordlist(
    "شقيقاه شقيقه شقيقها شقيقيه أشقائه أشقائها أشقاؤه أطفاله أطفالها أطفالهم أبناؤه أبنائه أبنائها زوجته "
    "زوجها والده والدته والدها والدتها ذويه ذويها أقاربه أقاربها أقاربهم عائلته عائلتها أسرته أسرتها"
)}
# Nouns for members of an armed group: they may sit between a count and `من + ACTOR`.
MEMBER_WORDS = {fold(w) for w in wordlist(
    "عنصر عناصر عنصرا عنصرين عنصران مقاتل مقاتلين مقاتلا مقاتلون مقاتلي قادة قائد قيادي قياديين قياديا قيادات "
    "أفراد فرد جنود جندي جنديا جنديين ضباط ضابط ضابطا ضابطين صف مسلحي مسلحين مسلح عسكري عسكريين عسكريا أمني "
    "أمنيين ميداني ميدانيين ميدانيا أمير أمراء مسؤول مسؤولين متطوعين متطوع منتسب منتسبي مجند مجندين مجندا شرطي "
    "عناصره عناصرها عناصرهم مقاتليه مقاتليها مقاتليهم مرتزقة أحدهم أحدهما إحداهم بارز بارزا كبير ومقاتلي وقادة "
    "وعناصر أعضاء عضو عضوا خبير خبراء مستشار مستشارين مرافق مرافقين مرافقيه مرافقان مرافقا برتبة رتبة عقيد "
    "عميد ملازم نقيب رائد مقدم مساعد رقيب أول ضابطان ضباط قائدا قادة قياديان قياديين مستشاري ومستشاري وضباط "
    "خبراء وخبراء مقاتلو مسلحو منتسبو"
)}
# Words that attach a count to the actor after it (membership or ownership).
_MEMBERSHIP = {fold(w) for w in wordlist(
    "من في صفوف التابع التابعين التابعة التابعون لصالح المنتمين المنتمي المنضوين المنضوي تحت العاملين "
    "العامل الموالين الموالي الموالية المحسوبين المحسوب ضمن لدى داخل"
)}
# Words that may sit between a count and that attachment without breaking it.
_SKIPPABLE = {fold(w) for w in wordlist(
    "على الأقل الاقل الآخرين الأخرين آخرين آخرون الآخرون أخرى الأخرى ممن ممن ممن وهم هم هما جميعهم كلهم "
    "بينهم منهم و ثالث ثالثة رابع رابعة خامس خامسة سادس ثان ثانية آخر آخران "
    "سابق سابقا سابقين سابقون سابقان السابق السابقين "  # `عنصر سابق في فصائل المعارضة`
    "محلي محليا محليين محليون محليان"  # `قيادياً محلياً في حزب الله`
)}
_PRONOUN_OF = {fold(w) for w in wordlist("منها منه لها له لهم لهما")}
_PARTITIVE = {fold(w) for w in wordlist("منهم منهن منهما")}
_BOTH_SIDES = re.compile(fold_pattern(  # both sides, or the attackers (several groups, listed after)
    r"^\s*(?:(?:ال)?(?:آخرين|آخرون)\s+)?(?:على الأقل\s+)?(?:(?:قتلوا|قضوا)\s+)?(?:من|في صفوف)\s+"
    r"(?:(?:ال)?(?:طرفين|جانبين|الطرفين|الجانبين|طرفي|كلا)|(?:ال)?مهاجمين|(?:ال)?(?:طرف|قوات)\s+(?:ال)?مهاجم)"))
_MIXED_GROUP = re.compile(fold_pattern(
    r"\s*من\s+(?:ال)?(?:مدنيين|مواطنين)\s+و(?:ال)?(?:عسكريين|مقاتلين|عناصر)(?!\w)"
    r"|\s*من\s+(?:ال)?(?:عسكريين|مقاتلين)\s+و(?:ال)?(?:مدنيين|مواطنين)(?!\w)"))
_MILITARY_PLACES = {fold(w) for w in wordlist("مقر مقرات نقطة نقاط مستودع مستودعات موقع مواقع منصة منصات ثكنة ثكنات حاجز حواجز")}
_GAP_WORDS = {fold(w) for w in wordlist(
    "عدد حصيلة قتلى جرحى ضحايا الضحايا أسرى مصابين معتقلين مختطفين سجناء سجين سجينا سجينين أسراه أسراها أسراهم قتلى عسكرية عسكريتين عسكريين نارية مدرعة مدرعتين تابعة تابع "
    "تابعين تابعتين تعود يعود الذين اللذين اللتين التي ممن كانوا كانا كانت العسكرية المدرعة العسكريين "
    # `تعود ملكيتها ل`, `يعودون بالولاء ل`: the link goes on after them
    "ملكية ملكيتها ملكيته ملكيتهم ملكيتهما بالولاء عتاد "  # (`مدفعاً من عتاد جيش النظام`)
    # a relative clause of dying before the side: `عدد من لقوا حتفهم من مقاتلي قسد`
    "لقوا لقي لقيا حتفهم حتفه حتفهما مصرعهم مصرعه مصرعهما"
)}
_STRONG_LINK = {fold(w) for w in wordlist(
    "تابعة تابع تابعين تابعتين التابع التابعة التابعين التابعتين تعود يعود تعودان العائدة العائد عائدة "
    "المملوكة مملوكة يملكها تملكها بحوزة تركها تركهما تركتها تركوها خلفها خلفهما خلفتها "  # (`عربتين تركهما التنظيم`)
    # membership told by a verb: `عنصرين يتبعان لحزب الله`, `مقاتلين ينتمون إلى الفصائل`
    "يتبع تتبع يتبعان تتبعان يتبعون ينتمي تنتمي ينتميان تنتميان ينتمون المنتمين المنتمي المنتمية ينضوي ينضوون "
    "يعمل تعمل يعملان تعملان يعملون يقاتل يقاتلان يقاتلون"
)}
_BETWEEN = {fold(w) for w in wordlist("بين وبين")}
_WEAPON_STEMS = [fold(w) for w in ("طائر", "طيران", "مسير", "مدفعي", "مروحي", "مقاتلات", "صواريخ")]
_WEAPON_STEM = re.compile("|".join(_WEAPON_STEMS))  # one search instead of a substring test per stem
_AGENT_MARKERS = {fold(w) for w in wordlist(
    "قصف قصفت غارة غارات هجوم هجمات كمين استهداف استهدفت استهدف ضربات ضربة رصاص قبل يد نفذتها نفذها شنتها "
    "شنها أطلقها أطلقتها زرعها خلفها مصدره مصدرها تبناه هاجم هاجمت هاجموا قناص قناصة ألقتها يد "
    # a backer or a mediator is not the side either: `اللواء الثامن المدعوم من القوات الروسية`, `برعاية التحالف`
    "المدعوم المدعومة المدعومين دعم بدعم مساندة بمساندة إسناد بإسناد رعاية برعاية وساطة بوساطة"
)}
# verbs whose subject suffers the loss: `خسر التنظيم 23 عنصراً`
_LOSE_VERBS = {fold(w) for w in wordlist("خسر خسرت وخسر وخسرت فخسر يخسر تخسر تكبد تكبدت وتكبد وتكبدت")}
# a side's losses: `تكبد التنظيم خسائر بلغت 16 قتيلاً`, `بلغت خسائر قوات النظام` (_LOSSES: also `خسائرها`)
_LOSS_WORDS = {fold(w) for w in wordlist("خسائر الخسائر خسارة")}
_HANDOVER = {fold(w) for w in wordlist("سلم سلمت وسلم وسلمت فسلم فسلمت")}
_LOSSES = fold("خسائر")
# verbs whose subject does nothing to others: `خرج عناصر التنظيم`, `استشهد مقاتلو الفصائل`
_INTRANSITIVE = {fold(w) for w in wordlist(
    "استشهد استشهدت استشهدوا قضى قضت قضوا لقي لقيت لقوا توفي توفيت توفوا فارق فارقوا فارقت أصيب أصيبت أصيبوا "
    "خرج خرجت خرجوا نزح نزحت نزحوا غادر غادرت غادروا فر فرت فروا هرب هربت هربوا عاد عادت عادوا انشق انشقوا "
    "استسلم استسلموا اختفى اختفت اختفوا احترق احترقت تضرر تضررت انهار انهارت تدمرت")}
_PRONOUN_MEMBER = re.compile(fold_pattern(r"^\s*(?:من|في|ضمن)\s+(\w{3,}(?:ها|ه|هم|هما))(?!\w)"))
_NATIONALITY_HEADS = {fold(w) for w in wordlist("الجنسية الجنسيتين")}
_CAPTIVES = tuple(fold(w) for w in wordlist("أسرا أسير معتقلي مختطفي محتجزي رهائن"))
_GROUP_NOUNS = {fold(w) for w in wordlist("صفوف مرافقي أبناء عناصر مقاتلي أفراد جنود قادة منتسبي مسلحي حراس رفاق")}


# what a word between a count and an actor does to the attachment (see CountReader._attached)
_MIXED, _CIVIL, _STRONG, _LINK, _GAP, _UNKNOWN = range(6)
_ATTACH_KIND: dict[str, int] = {}
_TRAILING_WORD = re.compile(r"\w+$")
_SONS_OF = fold("أبناء")


def _attach_kind(word: str) -> int:
    forms = _noun_forms(word)
    if word in _MOSTLY:
        kind = _MIXED
    elif any(f in CIVILIAN_NOUNS or f in _CIVILIAN_MARKERS or f in _KIN for f in forms):
        kind = _CIVIL
    elif any(f in _STRONG_LINK for f in forms):
        kind = _STRONG
    elif word in ("ل", "ب", "لل") or any(f in _MEMBERSHIP for f in forms):
        kind = _LINK
    elif any(f in MEMBER_WORDS or f in _GAP_WORDS or f in _UNIT_NOUNS for f in forms) or word in _SKIPPABLE or (
            _cue_of(word) and word.endswith(("وا", "ون"))):
        kind = _GAP
    else:
        kind = _UNKNOWN
    if len(_ATTACH_KIND) > 200_000:
        _ATTACH_KIND.clear()
    _ATTACH_KIND[word] = kind
    return kind


def _joined_side(ctx: DocContext, actor: Span, actor_id: str, actor_ids: dict[int, str | None]) -> bool:
    """Is the actor joined by `و` to another actor with another id (`قوات النظام وفصائل المصالحة`)?"""
    following = ctx.actors_between(actor.fe, actor.fe + 4)
    if not following:
        return False
    other = following[0]
    other_id = actor_ids.get(other.entity_index)
    if ctx.ft[actor.fe : other.fs].strip() != "و" or other_id in (None, actor_id):
        return False
    return not (actor_id in _ONE_COMMAND and other_id in _ONE_COMMAND)  # `وحدات حماية الشعب ووحدات حماية المرأة`


_ONE_COMMAND = frozenset({"SDF", "YPG", "ASAYISH"})  # units of one command: their joint total is one side's


def _pronoun_member(text: str) -> bool:
    """`من عناصرها`, `من مرافقيه`, `في صفوفهم`: members of an actor named before (not `من الجنسية`,
    whose ة folds to ه)."""
    match = _PRONOUN_MEMBER.match(text)
    if not match:
        return False
    word = match.group(1)
    if word.startswith(_CAPTIVES):
        return False  # `أعدم التنظيم 3 من أسراه`: its captives are the other side's people
    return not word.endswith("ه") or word.endswith(("ها", "هم", "هما")) or word[:-1] in _GROUP_NOUNS

# scope: running totals
_CUMULATIVE_LEFT = re.compile(fold_pattern(
    r"(?<!\w)(?:و|ف|ل)?(?:يرتفع|ترتفع|ارتفع|ارتفعت|ليرتفع|لترتفع|بذلك|إجمالي|الإجمالي|مجمل|المجموع|حصيلة|الحصيلة"
    r"|يبلغ|ليبلغ|لتبلغ|بلغ|بلغت)(?!\w)"))
# month names, Syriac (كانون ... تشرين) and Western, as regex alternatives (folding makes أبريل match ابريل)
_SYRIAC_MONTHS = "كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين"
_MONTHS = _SYRIAC_MONTHS + "|يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر"
_SINCE = re.compile(fold_pattern(
    r"(?<!\w)(?:و)?منذ\s+(?:(?:ال)?بدء|(?:ال)?بداية|مطلع|اندلاع|انطلاق|أوائل|أواخر|العام|عام|مطلع|الشهر|شهر|منتصف"
    r"(?!\s+ليل)|(?:ال)?تاريخ|دخول|سيطرة|وصول|إطلاق|ال\s*\d|\d"
    r"|أن\s+(?:بدأ|بدأت|انطلق|انطلقت|اندلع|اندلعت|دخل|دخلت|سيطر|سيطرت)"  # `منذ أن بدأ هجومه`
    # a day of a month: `منذ الخامس من الشهر الجاري`, `منذ الأول من كانون الثاني`
    r"|ال\w+\s+(?:و\w+\s+)?من\s+(?:ال)?(?:شهر|" + _SYRIAC_MONTHS + ")"
    # a month opens a tally when a year or `وحتى` follows (`منذ حزيران / يونيو 2019 وحتى اليوم`)
    r"|(?:" + _MONTHS + r")(?=[^.،]{0,30}?(?:(?:19|20)\d\d|وحتى)))"))
_SAME_PERIOD = re.compile(fold_pattern(
    r"(?<!\w)(?:خلال|في|طيلة|طوال|ضمن)\s+(?:ال)?(?:فترة|مدة)\s+(?:ذاتها|نفسها|ذات|نفس)|بالطريقة ذاتها"
    r"|(?<!\w)(?:خلال|طيلة|طوال)\s+(?:ال)?(?:شهر|عام|أسبوع)\s+(?:ذاته|نفسه)"))
_NEW_TIME = re.compile(fold_pattern(
    r"(?<!\w)(?:و|ب|ل|ف)?(?:اليوم|أمس|البارحة|الليلة|الساعات|ساعات|الساعة|الفائتة|الماضية|منتصف الليل"
    # a time of day is this report's when a day of it follows: `فجر اليوم`, not `فجر يوم الإثنين الفائت`
    r"|(?:صباح|مساء|فجر|ظهر|ليل)(?=\s+(?:يوم\s+)?(?:اليوم|أمس|الأمس|البارحة)))(?!\w)"))
# an attack told between a running total and a count: the count is that attack's, not the total's
_ATTACK = re.compile(fold_pattern(
    r"(?<!\w)(?:و|ف|ب|ل)?(?:ال)?(?:غار[ةه]|غارات|قصف|برميل|براميل|قذائف|قذيف[ةه]|صواريخ|استهدف|انفجار|انفجرت"
    r"|عبو[ةه]|لغم|ألغام|ألقى|ألقت)"))
# `الأعنف منذ`, `في أول هجوم من نوعه ... منذ`, `للمرة الأولى منذ`: a comparison, not a period (a
# superlative among the six words before `منذ`)
_SUPERLATIVES = {fold(c) + fold(w) for c in ("", "ال", "ب", "و") for w in wordlist(
    "أول الأول الأولى أكبر الأكبر أعنف الأعنف أشد الأشد أعلى الأعلى أسوأ الأسوأ الأكثر أوسع الأوسع أضخم "
    "الأضخم أفدح الأفدح")}
_TODAY = re.compile(fold_pattern(r"(?<!\w)(?:(?:منذ\s+(?:صباح|فجر|ظهر|مساء|ليل)\s+)?اليوم|منذ منتصف (?:ال)?ليل)(?!\w)"))
_THE_MOMENT = re.compile(fold_pattern(r"\s*(?:لحظة|وقوع)(?!\w)"))
_SINCE_ANY = re.compile(fold_pattern(r"(?<!\w)(?:و)?منذ(?!\w)"))
_SINCE_ATTACK = re.compile(fold_pattern(
    r"(?:و)?منذ\s+(?:ال)?(?:بدء|بداية|انطلاق|اندلاع)\s+(?:ال)?(?:هجوم|هجمات|معارك|اشتباكات|قصف|تصعيد)"))
_STARTED_TODAY = re.compile(fold_pattern(
    r"(?<!\w)(?:بدأ|بدأت|شن|شنت|أطلق|أطلقت|انطلق|انطلقت|اندلع|اندلعت|بدء|انطلاق|اندلاع)(?:\s+\S+){0,6}?"
    r"\s+(?:فجر|صباح|ظهر|مساء|ليل)?\s*اليوم(?!\w)"))
# a tally over weeks or months: `خلال الشهرين الفائتين`, `خلال الأشهر الماضية`, `منذ أسابيع`
_LONG_PERIOD = re.compile(fold_pattern(
    r"(?<!\w)(?:خلال|طيلة|طوال|على مدى|على مدار)\s+(?:(?:ال)?(?:أشهر|شهور|شهرين|أعوام|سنوات|عامين)"
    r"|(?:ال)?(?:شهر|عام|سنة)\s+(?:ال)?(?:فائت|ماضي|جاري|حالي|منصرم)"
    r"|الشهر(?=\s*[،,.:؛])"  # a monthly tally: `اعتقال 27 مواطناً خلال الشهر، من بينهم`
    r"|شهر\s+(?:" + _MONTHS + ")"
    r"|(?:ال)?\d+\s+(?:ال)?(?:أشهر|شهرا|شهور)\s+(?:ال)?(?:فائت|ماضي|أخير)[ةه]?)"))
# `عملية عسكرية استمرت 33 يوماً، وثق المرصد خلالها مقتل ...`: the toll of a period of days or more
_DURATION = re.compile(fold_pattern(
    r"(?<!\w)(?:استمر|استمرت|دامت|دام|بعد|على مدى|على مدار|طيلة)\s+(?:أكثر من |نحو |قرابة |حوالي )?"
    r"(?:\d+\s+(?:يوما|أيام|أسابيع|أشهر|شهرا|شهور)|(?:عدة|بضعة)\s+(?:أيام|أسابيع|أشهر|شهور)"
    r"|شهرين|أسبوعين|عامين|سنتين|أسابيع|أشهر|شهور)(?!\w)"))
_THE_MONTH_ITSELF = re.compile(fold_pattern(r"(?:خلال|طيلة|طوال)\s+(?:ال)?(?:شهر|عام)"))
# the headline of a monthly or yearly tally report
_PERIOD_REPORT = re.compile(fold_pattern(r"حصيلة\s+(?:شهر|عام|العام|سنة)|الحصيلة\s+(?:الشهرية|السنوية)"))
_DURING_IT = re.compile(fold_pattern(r"(?<!\w)(?:و)?خلال(?:ها|ه|هما)(?!\w)"))
_UNTIL_NOW = re.compile(fold_pattern(r"(?:و)?حتى\s+(?:اليوم|الآن|اللحظة|تاريخه)"))
_TOTAL_WORDS = re.compile(fold_pattern(r"(?<!\w)(?:الحصيلة|حصيلة|إجمالي|مجمل|المجموع)(?!\w)"))

_BREAKDOWN_BEFORE = {fold(w) for w in wordlist(
    "بينهم بينهن بينهما منهم منهن منهما ضمنهم ضمنهن بينها منها هم هن هما وهم وهن وهما أي فهم"
)}
_BREAKDOWN_AFTER = {fold(w) for w in wordlist("منهم منهن منهما منها")}
_JOINERS = {fold(w) for w in wordlist("و إضافة وإضافة بالإضافة وبالإضافة ل إلى")}
_ADDITION = {fold(w) for w in wordlist("إضافة وإضافة بالإضافة وبالإضافة")}
_OTHERS = {fold(w) for w in wordlist("الآخرين الآخرون الأخرين الباقين الباقون البقية الآخران الآخرين الآخرتين")}
_THINGS = ("vehicle", "building", "equipment")
_ARMED_MEN = {fold(w) for w in wordlist("مسلح مسلحي مسلحين مسلحون مسلحا")}
_QUOTED = re.compile(r"[“«\"][^”»\"]{1,30}[”»\"]")
_MOSTLY = {fold(w) for w in wordlist("غالبيتهم معظمهم أغلبهم غالبيتها معظمها أغلبها")}
_CIVILIAN_MARKERS = {fold(w) for w in wordlist(
    "شهداء الشهداء شهيد مدنية مدنيتين مدنيتان مدني زراعي زراعية زراعيين إسعاف الإسعاف سكنية سكني تجارية"
)}
_SOLDIERS = {fold(w) for w in wordlist("جندي جنود جنديا جنديين جنديان مجند مجندين مجندا")}
_GENERIC_PERSON = {fold(w) for w in wordlist("شخص أشخاص شخصا شخصين شخصان")}
_VAGUE_WORDS = {fold(w) for w in wordlist("عشرات العشرات مئات المئات آلاف الآلاف بضعة عدة عدد")}
_QUALIFIER_WORDS = {fold(w) for w in wordlist("أكثر من نحو قرابة حوالي زهاء ما لا يقل عن يزيد على الأقل بين و إلى")}
_OTHERS_INDEF = {fold(w) for w in wordlist(
    "آخرين آخرون آخران آخرين آخر أخرى أخريين أخريات آخرتين ثالث ثالثة ثان ثاني ثانية رابع رابعة الآخرين "
    "الآخرون الآخران الأخرى"
)}
_WORD = re.compile(r"\w+")


# (slots: faster attributes; eq=False: readings are compared by identity, as `readings.index`
# needs, without a field-by-field comparison)
@dataclass(eq=False, slots=True)
class CountReading:
    span: Span
    quantity: Quantity
    unit: str
    category: str | None  # own cue, before inheritance
    category_from: str  # noun, right, left, unit, none
    victim: str | None
    victim_status: str
    victim_how: str  # civilian, attached, context, partitive, none
    scope: str | None
    part_of: int | None = None
    sibling_of: int | None = None
    words: list[str] = field(default_factory=list)  # the folded words of the mention
    group: tuple[str, str] | None = None  # (victim, status) of the group `منهم` points back to
    sentence: int = 0  # ctx.sentence_id of its start (read once: the passes compare it often)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


_OF_SIDE = re.compile(fold_pattern(r"\s*(?:من|في صفوف)\s+(?:(?:عناصر|مقاتلي|قادة|مسلحي|جنود)\s+)?"))
_AT_LEAST_AFTER = re.compile(fold_pattern(r"\s*(?:على الأقل|على أقل تقدير)"))


def _at_least_after_side(ctx: DocContext, span: Span) -> bool:
    """`مقتل 17 عنصراً من قوات النظام على الأقل`: the qualifier comes after the count's side."""
    link = _OF_SIDE.match(ctx.ft, span.fe)
    if not link:
        return False
    actors = ctx.actors_between(link.end(), link.end() + 1)
    return bool(actors) and actors[0].fs == link.end() and bool(_AT_LEAST_AFTER.match(ctx.ft, actors[0].fe))


def _in_actor(ctx: DocContext, pos: int) -> bool:
    return ctx.actor_mask[pos] == 1


_PRONOUN_SUFFIXES = ("وا", "هم", "هن", "هما", "ه", "ها")
_RIGHT_WORDS = {fold(w) for w in wordlist(
    "بجروح بجراح جروح جراح مجهولا المصير محتجزين معتقلين مختطفين المفقودين مفقودين الاحتجاز "
    # what the people are, told right after them: `نقل مدنيان مصابان`, `سقط 3 عناصر جرحى`
    "مصابان مصابين مصابون مصابا مصابة جريحان جريحين جريحا جرحى قتيلان قتيلين قتيلا قتلى "
    "مقتولا مقتولة مقتولين مقتولتين"  # `عثر الأهالي على شاب مقتولاً`
)}
_WEAK_LEFT = {fold(w) for w in wordlist("خروج وخروج بخروج الخروج خرج وخرج خرجت وخرجت")}
_PEOPLE_CUES = {fold(w) for w in wordlist("قافلة قوافل الخارجين الفارين مصير مصيرهم معتقلين")}
_STILL = re.compile(fold_pattern(r"(?<!\w)(?:و)?(?:لا|ما)\s+(?:يزال|تزال|زال|زالت|يزالون|تزالان|يزالان)(?!\w)"))
_STATE = re.compile(fold_pattern(
    r"(?<!\w)(?:(?P<still>(?:لا|ما)\s+(?:يزال|تزال|زال|زالت|يزالون|تزالان|يزالان)(?:\s+\S+){0,2}?\s+)?"
    r"(?P<state>مجهول\w*|مفقود\w*|في عداد المفقودين|محتجز\w*|معتقل\w*|مختطف\w*|أسرى|أسير\w*|محاصر\w*)"
    r"|(?P<fate>(?:و)?(?:لا|لم)\s+(?:يعرف|يعرفوا|تعرف|يعلم)\s+مصير\w*))(?!\w)"))
_STATE_STEMS = tuple(fold(w) for w in wordlist("مجهول مفقود محتجز معتقل مختطف أسرى أسير مصير محاصر"))
_STATE_STEM = re.compile("|".join(_STATE_STEMS))  # one search instead of a substring test per stem
_STATE_CATEGORY = {fold(w)[:4]: c for w, c in (
    ("محتجز", "captured"), ("معتقل", "captured"), ("مختطف", "captured"), ("أسرى", "captured"), ("أسير", "captured"),
    ("محاصر", "other"))}  # `لا يزال عشرات المدنيين محاصرين`: besieged, not harmed
_TAKEN = re.compile(fold_pattern(
    r"\s*(?:\S+\s+){0,4}?(?P<cue>(?:في|ب)\s*(?:ال)?(?:أسر|قبضة)|أسرى|أسيرا|أسيرين|أسيران)(?!\w)"))
_TAKEN_STEM = re.compile("|".join(fold(w) for w in ("أسر", "أسير", "قبض")))
_OUT_OF_SERVICE = re.compile(fold_pattern(r"^(?:\s*\S+){0,4}?\s*عن الخدمة"))
_SELF = {fold(w) for w in wordlist("أنفسهم نفسه نفسها أنفسهما")}
_PREPOSITIONS = {fold(w) for w in wordlist("من في ب ل على إلى عن مع خلال")}


def _refers_back(word: str, ctx: DocContext | None = None, end: int = 0) -> bool:
    """A cue after a count that refers back to it: a plural or pronoun-suffixed form (قتلوا،
    قتلتهم، احتجازهم، حتفهم) or a few phrases (بجروح، مجهولاً، أنفسهم). A final ه that was a ة in
    the original (`وإصابة`) is no pronoun."""
    if word in _RIGHT_WORDS:
        return True
    if not (word.endswith(_PRONOUN_SUFFIXES) and len(word) > 3):
        return False
    if word.endswith("ه") and not word.endswith(("هم", "ها", "هما", "هن")) and ctx is not None:
        start, stop = ctx.folded.span_to_original(end - 1, end)
        return "ة" not in ctx.text[start:stop]
    return True


def _parts_of(readings: list[CountReading], whole: int) -> list[CountReading]:
    """The breakdowns that point to readings[whole], in text order."""
    return [r for r in readings[whole + 1 :] if r.part_of == whole]


def _restated_in_headline(ctx: DocContext, readings: list[CountReading]) -> None:
    """A headline count that the body tells again (`نزوح أكثر من 160 ألف نازح` over `رصد المرصد نزوح
    أكثر من 160 ألف مدني منذ انطلاق الهجوم`; a vague `يحصد عشرات الأرواح` over `ارتفع إلى 42 عدد
    الذين قتلوا`) is that body count: it points to it with `part_of`, so its people are never counted
    twice, and reads as it does."""
    body = ctx.body_start()
    for headline in readings:
        if headline.span.fs >= body or headline.part_of is not None or headline.quantity.value is None:
            continue
        vague = headline.quantity.qualifier == "vague"
        for j, told in enumerate(readings):
            if told.span.fs >= body and told.part_of is None and _tells_again(headline, told, vague):
                headline.part_of = j
                headline.category, headline.scope = told.category, told.scope
                headline.victim, headline.victim_status = told.victim, told.victim_status
                break


def _tells_again(headline: CountReading, told: CountReading, vague: bool) -> bool:
    if headline.category is None or headline.category != told.category:
        return False
    if headline.victim not in (None, "UNKNOWN", told.victim):
        return False
    return vague or told.quantity.value == headline.quantity.value


def _total_of_a_kind(ctx: DocContext, reading: CountReading) -> bool:
    """Is the count a running total named only by its kind: `ارتفع إلى 600 عدد الجرحى`?"""
    following = ctx.words_after(reading.span.fe, 2, reading.span.fe + 25)
    return len(following) == 2 and following[0] == "عدد" and strip_article(following[1]) in _SPAN_NOUNS


def _continues_total(ctx: DocContext, reading: CountReading) -> bool:
    """Does the count go on from the running total before it: `وإلى 61 مدنياً عدد من قضوا` (a
    second `يرتفع إلى`), `فيما أصيب أكثر من 15 آخرين` (the wounded of the same period)?"""
    before = ctx.words_before(reading.span.fs, 1, reading.span.fs - 12)
    if before and before[0] in ("والي", "والى"):
        return True
    after = ctx.words_after(reading.span.fe, 1, reading.span.fe + 20)
    return bool(after) and after[0] in _OTHERS_INDEF and reading.category == "injured"


def _added(ctx: DocContext, reading: CountReading) -> bool:
    """Is the count introduced by `إضافة إلى` / `بالإضافة إلى` / `و` (one more item of a list)?"""
    words = ctx.words_before(reading.span.fs, 2, reading.span.fs - 20)
    return ctx.ft[reading.span.fs - 1 : reading.span.fs] == "و" or (bool(words) and (
        words[-1] == "و" or not _ADDITION.isdisjoint(words)))


def _state_after(ctx: DocContext, span: Span) -> str | None:
    """What its clause says the people still are: `لا يزال 400 شاب ممن خرجوا ... مجهولي المصير`,
    `عشرات المواطنين ... لا يزالون محتجزين`, `... ولا يعرف مصيرهم` (a relative clause in between
    does not count: `ممن خرجوا` is not their fate)."""
    end = min(ctx.clause_end(span.fe), ctx.next_count_start(span.fe), span.fe + 160)
    window = ctx.ft[span.fe : end]
    if not _STATE_STEM.search(window):
        return None
    match = _STATE.search(ctx.ft, span.fe, end)
    if match is None:
        return None
    still_before = _STILL.search(ctx.ft, max(0, span.fs - 20), span.fs)
    if not (still_before or match.group("still") or match.group("fate")):
        return None
    return _STATE_CATEGORY.get(fold(match.group("state"))[:4], "missing") if match.group("state") else "missing"


def _summed_parts(ctx: DocContext, readings: list[CountReading], i: int) -> list[int]:
    """The counts of its kind told before the update `ليرتفع إلى 44 عدد الذين استشهدوا` in the body
    (38 + 6) when their sum does not exceed it: the update includes them. Empty when there are none
    (`ارتفع إلى 38 عدد شهداء المجزرة` at the start is one incident's new toll)."""
    total = readings[i]
    value = total.quantity.value
    if value is None:
        return []
    body = ctx.body_start()
    parts = [j for j, r in enumerate(readings[:i]) if r.part_of is None and r.category == total.category
             and r.span.fs >= body and r.scope != "cumulative" and r.quantity.value is not None]
    return parts if parts and sum(readings[j].quantity.value or 0 for j in parts) <= value else []


def _still_one_toll(ctx: DocContext, readings: list[CountReading], i: int, parts: list[int]) -> bool:
    """Does the update revise the toll of the counts before it rather than add them up over a period?
    `مقتل 9 في حصيلة أولية، قبل أن ترتفع الحصيلة إلى 14`, `ارتفع عدد ضحايا المجزرة إلى 8`, `ثم ارتفع إلى
    27 عدد الذين استشهدوا منذ منتصف الليل` (guidelines 3b: one incident's or the day's toll is new)."""
    total = readings[i]
    ft = ctx.ft
    if _REVISED.search(ft, readings[parts[-1]].span.fe, total.span.fs) or _REVISED.search(
            ft, total.span.fe, ctx.clause_end(total.span.fe) + 60):
        return True
    clause = ft[ctx.clause_start(total.span.fs) : ctx.clause_end(total.span.fe)]
    return bool(_ONE_INCIDENT.search(clause) or _TODAY.search(clause))


_REVISED = re.compile(fold_pattern(r"حصيلة أولية|قبل أن (?:ت|ي)رتفع|بعد أن كانت (?:ال)?حصيلة"))
_ONE_INCIDENT = re.compile(fold_pattern(
    r"(?:ضحايا|قتلى|شهداء)\s+(?:ال)?(?:مجزرة|هجوم|تفجير|تفجيرات|انفجار|غارة|الغارات|قصف|استهداف|كمين)"
    r"|(?:الهجوم|الاستهداف|التفجير|القصف|الكمين|الغارة)\s+(?:ذاته|ذاتها|نفسه|نفسها)"
    r"|(?:قتلوا|قضوا|استشهدوا)\s+(?:في|جراء|ب)\s*ال(?:هجوم|تفجير|انفجار|غارة|كمين|مجزرة)(?!\w)"))


class _Marks:
    """Where one pattern matches in a report: `within(start, end)` says whether a match lies inside
    [start, end) (what `pattern.search(ft, start, end)` asks, without a scan per count)."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def within(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, start)
        ends = self.ends
        while i < len(ends) and self.starts[i] < end:
            if ends[i] <= end:
                return True
            i += 1
        return False

    def last_within(self, start: int, end: int) -> int | None:
        """Start of the last match inside [start, end), or None."""
        i = bisect_left(self.starts, end) - 1
        while i >= 0 and self.starts[i] >= start:
            if self.ends[i] <= end:
                return self.starts[i]
            i -= 1
        return None


_NO_MARKS = _Marks()  # (shared: marks are never changed once found)


def _without(marks: _Marks, drop: Callable[[int], bool]) -> _Marks:
    """A copy of `marks` without the matches whose start `drop` accepts."""
    kept = _Marks()
    for start, end in zip(marks.starts, marks.ends):
        if not drop(start):
            kept.starts.append(start)
            kept.ends.append(end)
    return kept


def _variants(stems: str, clitics: str = "") -> set[str]:
    """Folded words of a space-separated list, also with each of the given proclitics."""
    words = {fold(w) for w in wordlist(stems)}
    return words | {fold(c) + w for c in wordlist(clitics) for w in words}


# The patterns that decide scope, each with the words a match can start with and words it needs:
# a report is searched only where those words occur (the word table finds them), with an
# anchored match there.
_PERIOD_PATTERNS: dict[str, tuple[re.Pattern[str], set[str], set[str] | None]] = {
    "cumulative": (_CUMULATIVE_LEFT, _variants(
        "يرتفع ترتفع ارتفع ارتفعت ليرتفع لترتفع بذلك إجمالي الإجمالي مجمل المجموع حصيلة الحصيلة يبلغ ليبلغ "
        "لتبلغ بلغ بلغت", "و ف ل"), None),
    "since": (_SINCE_ANY, _variants("منذ", "و"), None),
    "same_period": (_SAME_PERIOD, _variants("خلال في طيلة طوال ضمن بالطريقة", "و"),
                    _variants("فترة الفترة مدة المدة بالطريقة ذاته نفسه", "و")),
    "long_period": (_LONG_PERIOD, _variants("خلال طيلة طوال على"), _variants("خلال طيلة طوال مدى مدار")),
    "during": (_DURING_IT, _variants("خلالها خلاله خلالهما", "و"), None),
}
# `استمرت 33 يوماً`: looked for only when a `خلالها` may point back to it
_DURATION_FIRST = _variants("استمر استمرت دامت دام بعد على طيلة")


_PERIOD_NAMES = (*_PERIOD_PATTERNS, "duration")


def _period_word_table() -> dict[str, tuple[int, int]]:
    """Folded word -> (bits of the patterns it may start, bits of the patterns that need it); bit k
    is the k-th name of _PERIOD_NAMES. Every word of it is a bit of the word table (_PERIOD_FLAG)."""
    table: dict[str, tuple[int, int]] = {}
    entries = [(firsts, needed) for _, firsts, needed in _PERIOD_PATTERNS.values()] + [(_DURATION_FIRST, None)]
    for k, (firsts, needed) in enumerate(entries):
        for word in firsts:
            starts, needs = table.get(word, (0, 0))
            table[word] = (starts | 1 << k, needs)
        for word in needed or ():
            starts, needs = table.get(word, (0, 0))
            table[word] = (starts, needs | 1 << k)
    return table


_PERIOD_WORDS = _period_word_table()
_PERIOD_FLAG = word_flag(_PERIOD_WORDS.__contains__)
# the patterns that need no word besides their first one (the others run only when a needed word occurs)
_FREE_PATTERNS = sum(1 << k for k, (_, _, needed) in enumerate(_PERIOD_PATTERNS.values()) if needed is None)
_DURATION_BIT = 1 << len(_PERIOD_PATTERNS)


def _period_matches(ctx: DocContext, flagged: list[int], allowed: int) -> list[_Marks]:
    """For each name of _PERIOD_NAMES whose bit is in `allowed`, the matches of its pattern that start
    at one of the words `flagged` (indexes) that may start it; the others get _NO_MARKS."""
    found = [_Marks() if allowed >> k & 1 else _NO_MARKS for k in range(len(_PERIOD_NAMES))]
    patterns = [pattern for pattern, _, _ in _PERIOD_PATTERNS.values()] + [_DURATION]
    ft, words, starts = ctx.ft, ctx.words, ctx.word_starts
    for i in flagged:
        bits = _PERIOD_WORDS[words[i]][0] & allowed
        k = 0
        while bits:
            if bits & 1:
                match = patterns[k].match(ft, starts[i])
                if match:
                    found[k].starts.append(match.start())
                    found[k].ends.append(match.end())
            bits >>= 1
            k += 1
    return found


class _PeriodMarks:
    """The time expressions of a report that decide a count's scope, found once per report:
    `منذ` (each with what it opens), running-total words, `خلال الفترة ذاتها`, tallies over months,
    `خلالها` and the durations it may point back to."""

    def __init__(self, ctx: DocContext):
        ft = ctx.ft
        flagged = ctx.indexes_with(_PERIOD_FLAG)
        needed = 0
        for i in flagged:
            needed |= _PERIOD_WORDS[ctx.words[i]][1]
        # only the patterns that can match are tried (a pattern whose needed words are absent
        # cannot), at the words that may start them (common words such as في, على often are not)
        cumulative, since, same_period, long_period, during, _ = _period_matches(
            ctx, flagged, _FREE_PATTERNS | needed)
        self.cumulative, self.same_period, self.long_period, self.during = cumulative, same_period, long_period, during
        if (long_period.starts or same_period.starts) and _PERIOD_REPORT.search(ft, 0, ctx.body_start()):
            # `حصيلة شهر حزيران` in the headline: the month is the report's own period, so its
            # tallies (`خلال الشهر ذاته`) are new (a month's tally inside a daily report stays a
            # running total; `خلال الفترة ذاتها` after a total since a date is still that total's)
            self.long_period = _NO_MARKS
            self.same_period = _without(same_period, lambda start: _THE_MONTH_ITSELF.match(ft, start) is not None)
        self.duration = _NO_MARKS
        if during.starts:  # `استمرت 33 يوماً`: looked for only when a `خلالها` may point back to it
            self.duration = _period_matches(ctx, flagged, _DURATION_BIT)[-1]
        # no time expression at all: no count of the report has a scope of its own (see _scope)
        self.empty = not (since.starts or self.cumulative.starts or self.same_period.starts
                          or self.long_period.starts or self.during.starts)
        # each `منذ`: (start, end of a long-period match or -1, end of the bare word) when it opens a
        # period (not `منذ فجر اليوم`, not `الأعنف منذ ...`)
        self.since: list[tuple[int, int, int]] = []
        today = None
        for start, word_end in zip(since.starts, since.ends):
            following = _UNTIL_NOW.sub(" ", ft[word_end : word_end + 40])[:30]
            if _NEW_TIME.search(following) or not _SUPERLATIVES.isdisjoint(ctx.words_before(start, 6, start - 70)):
                continue
            if _THE_MOMENT.match(following):
                continue  # `منذ لحظة الهجوم`: the incident itself, not a period
            total = _SINCE.match(ft, start)
            if total and _SINCE_ATTACK.match(ft, start):
                if today is None:
                    today = "اليوم" in ft and bool(_STARTED_TODAY.search(ft))  # (a match needs اليوم)
                if today:
                    total = None  # `منذ بدء الهجوم` when the report says the attack began today
            self.since.append((start, total.end() if total else -1, word_end))

    def since_total(self, start: int, end: int, any_since: bool = False) -> bool:
        """A `منذ` inside [start, end) that opens a long period (any `منذ` with any_since)."""
        for pos, total_end, word_end in self.since:
            if start <= pos and (word_end if any_since else total_end) <= end and (any_since or total_end > 0):
                return True
        return False


def _next_clause_opens_a_period(ctx: DocContext, marks: _PeriodMarks, fe: int, end: int) -> bool:
    """`أعدم 217 شخصاً في تدمر، منذ أن بدأ هجومه`: the count's clause ends at a comma (not at a sentence
    mark) and the next clause opens with a `منذ` that opens a period."""
    if end != ctx.clause_end(fe) or ctx.ft[end : end + 1] not in ("،", ","):
        return False
    start = end + 1 + (ctx.ft[end + 1 : end + 2] == " ")
    return bool(_SINCE_ANY.match(ctx.ft, start)) and marks.since_total(end, min(end + 60, ctx.next_count_start(fe)))


# phrases that open another item of the report: what follows is not the running total's
_TOPIC_SHIFT = re.compile(fold_pattern(
    r"(?<!\w)(?:و)?(?:على صعيد (?:متصل|آخر|منفصل)|في سياق (?:متصل|آخر|منفصل)|من جهة (?:أخرى|ثانية)"
    r"|في تطور (?:آخر|لاحق)|إلى ذلك|في غضون ذلك|تزامن ذلك مع|بالتزامن مع ذلك)(?!\w)"))
_TOPIC_KEYS = tuple(fold(w) for w in ("صعيد", "سياق", "جهة", "تطور", "ذلك"))  # one of them is in each phrase


def _after_topic_shift(ctx: DocContext, start: int, end: int) -> int:
    """The end of the last topic-shift phrase inside [start, end), or start when there is none."""
    ends = ctx.cache.get("topic_shifts")
    if ends is None:  # found once per report
        ft = ctx.ft  # (a scan only where one of the phrases' key words occurs)
        keyed = any(key in ft for key in _TOPIC_KEYS)
        ends = ctx.cache["topic_shifts"] = [m.end() for m in _TOPIC_SHIFT.finditer(ft)] if keyed else []
    if not ends:
        return start
    i = bisect_right(ends, end) - 1
    return ends[i] if i >= 0 and ends[i] > start else start


def _period_marks(ctx: DocContext) -> _PeriodMarks:
    marks = ctx.cache.get("periods")
    if marks is None:
        marks = ctx.cache["periods"] = _PeriodMarks(ctx)
    return marks


_PARTICLES = {fold(w) for w in wordlist("فقد وقد لقد")}
# time words between a verb and its count say nothing about the count (`أفرجت الشهر الفائت عن 3`)
_TIME_WORDS = {fold(w) for w in wordlist(
    "اليوم أمس البارحة الليلة الشهر الأسبوع العام الفائت الماضي الجاري الفائتة الماضية مساء صباح فجر ظهر ليل يوم")}
_FLEEING = _variants("فر فرت فروا هرب هربت هربوا", "و") | {fold("فرار")}


def _fled(ctx: DocContext, span: Span) -> bool:
    """Is the count's cue to its left a verb of fleeing (`فرّ نحو 60 ألف مواطن`)?"""
    return not _FLEEING.isdisjoint(ctx.words_before(span.fs, 3, span.fs - 40))


_FOREIGN_ARMIES = frozenset({"TURKEY", "RUSSIA", "COALITION", "ISRAEL"})
_TO_WORDS = {fold(w) for w in wordlist("إلى على")}
_PEERS = {fold(w) for w in wordlist("زملائهم زملائه زملائها رفاقهم رفاقه رفاقها")}
_OF_THEM = {fold(w) for w in wordlist("عنهم عنه عنها عنهما")}
_LIVES = {fold(w) for w in wordlist("حياته حياتها حياتهم حياتهما أرواحهم")}
_WHO = {fold(w) for w in wordlist("الذين ممن اللذين اللواتي")}
_KIN_LOST = {fold(w) for w in wordlist("ذويهم ذويه ذويها أهلهم أهله أهلها آباءهم أبويهم والديهم عائلاتهم")}
_DEATH_IDIOMS = {fold(w) for w in wordlist("حتفه حتفها حتفهم حتفهما مصرعه مصرعها مصرعهم مصرعهما الحياة")} | _LIVES


def _lost_life(cue: str | None, words: list[tuple[str, int, int]], k: int) -> str | None:
    """`الذين فقدوا حياتهم` died: a `missing` verb whose object is a life is `killed`."""
    if cue == "missing" and k + 1 < len(words) and words[k + 1][0] in _LIVES:
        return "killed"
    if cue == "missing" and k + 1 < len(words) and words[k + 1][0] in _KIN_LOST:
        return None  # `أطفال فقدوا ذويهم`: orphans, not missing people
    return cue


class _CueTable(dict[str, str | None]):
    """Folded word -> the category its cue says (None: no cue), filled as words are met: a word
    found is one lookup in C (`_cue_of(word)`, no Python call); a new word is read by __missing__."""

    def __missing__(self, word: str) -> str | None:
        found = _read_cue(word)
        if len(self) > 200_000:  # memo tables stay bounded in long runs
            self.clear()
        self[word] = found
        return found


def _read_cue(word: str) -> str | None:
    if word in _PARTICLES:
        return None
    for form in (word, *clitic_variants(word)):
        if form in _VERB_CUES and (form == word or word[0] in "وف") and len(word) - len(form) <= 1:
            return _VERB_CUES[form]
        bare = form[2:] if form.startswith("ال") and len(form) > 4 else form
        if form in _NOUN_CUES:
            return _NOUN_CUES[form]
        if bare in _NOUN_CUES and bare != "اسر":  # الأسر are families, not captives
            return _NOUN_CUES[bare]
        # a masdar in ة with a pronoun: `مغادرتها`, `تصفيتهما` (folded ة is ه)
        for suffix in _TA_SUFFIXES:
            if form.endswith(suffix) and len(form) > len(suffix) + 2:
                stem = form[: -len(suffix)] + "ه"
                if _NOUN_CUES.get(stem, "other") != "other":  # (not `عودته من عمله`)
                    return _NOUN_CUES[stem]
                break
    return None


_TA_SUFFIXES = ("تهما", "تها", "تهم", "ته")


_cue_of = _CueTable().__getitem__  # the cue category of a folded word (None: none)


def _noun_forms(word: str, memo: dict[str, tuple[str, ...]] = {}) -> tuple[str, ...]:  # noqa: B006 (a cache)
    """A word with and without its proclitics, article and accusative alef (`ومنزلاً` -> منزل)."""
    known = memo.get(word)
    if known is not None:
        return known
    forms = [word, *clitic_variants(word)]
    forms += [f[2:] for f in forms if f.startswith("ال") and len(f) > 4]
    forms += [f[:-1] for f in forms if f.endswith("ا") and len(f) > 3]
    # duals: `دبابتان` -> دبابه, `مدفعين` -> مدفع
    forms += [f[:-3] + "ه" for f in forms if f.endswith(("تان", "تين")) and len(f) > 5]
    forms += [f[:-2] for f in forms if f.endswith(("ان", "ين")) and len(f) > 4]
    if len(memo) > 200_000:
        memo.clear()
    result = memo[word] = tuple(forms)
    return result


class _Noun(NamedTuple):
    """What a word of a COUNT mention says (with and without its proclitics, article, alef)."""

    unit: str | None  # family, vehicle, building, equipment (a thing or family noun)
    person: bool  # a noun for people: civilians, members, `شخص`
    category: str | None  # its own category: `قتلى`, `جرحى`, `نازحين`
    civilian: bool  # `مدنيين`, `أطفال`, `عائلات`
    civilian_marker: bool  # `زراعي`, `إسعاف`, `مدنية`: civilian things
    soldier: bool  # `جنود`, `مجندين`
    military_place: bool  # `مقر`, `حاجز`
    member: bool  # a member of an armed group (not a bare `مسلح`)
    generic_person: bool  # `شخص`, `أشخاص`


_NOUNS: dict[str, _Noun] = {}


def _noun(word: str) -> _Noun:
    """The facts of a word, memoised (a report's counts share most of their words)."""
    facts = _NOUNS.get(word)
    if facts is None:
        forms = _noun_forms(word)
        facts = _Noun(
            unit=next((_UNIT_NOUNS[f] for f in forms if f in _UNIT_NOUNS), None),
            person=any(f in CIVILIAN_NOUNS or f in MEMBER_WORDS or f in _GENERIC_PERSON for f in forms),
            category=next((_SPAN_NOUNS[f] for f in forms if f in _SPAN_NOUNS), None),
            civilian=any(f in CIVILIAN_NOUNS for f in forms),
            civilian_marker=any(f in _CIVILIAN_MARKERS for f in forms),
            soldier=any(f in _SOLDIERS for f in forms),
            military_place=any(f in _MILITARY_PLACES for f in forms),
            member=any(f in MEMBER_WORDS and f not in _ARMED_MEN for f in forms),
            generic_person=any(f in _GENERIC_PERSON for f in forms),
        )
        if len(_NOUNS) > 200_000:
            _NOUNS.clear()
        _NOUNS[word] = facts
    return facts


def _unit(words: list[str]) -> str:
    """The unit of the counted noun: its head, the first noun (`سائق سيارة أجرة` is a person)."""
    for word in words:
        facts = _noun(word)
        if facts.unit:
            return facts.unit
        if facts.person:
            return "person"
    return "person"


def _span_category(words: list[str]) -> str | None:
    for word in words:
        category = _noun(word).category
        if category:
            return category
    return None


class _Mention(NamedTuple):
    """What the words of a COUNT mention say on their own (see `_mention`)."""

    words: list[str]  # the folded words (shared by every count with this mention: never modified)
    unit: str
    category: str | None  # the category its own nouns carry (`5 قتلى`)
    civilian: bool  # `مدنيين`, `أطفال`
    civilian_thing: bool  # a civilian marker after the head noun: `جرار زراعي`, `سيارتي إسعاف`
    soldier: bool  # `جنود`, `مجندين`
    military_place: bool  # `مقر`, `حاجز`
    member: bool  # a member of an armed group
    kin: bool  # `شقيقاه`, `أطفاله`: civilians unless they break down one side's count


_MENTIONS: dict[str, _Mention] = {}


def _mention(folded: str) -> _Mention:
    """The facts of a (folded) COUNT mention, memoised: they depend on its words only, and mentions
    repeat (`3 عناصر`, `مدنيين`), so each count reads its words once instead of once per rule."""
    facts = _MENTIONS.get(folded)
    if facts is None:
        words = _words(folded)
        nouns = [_noun(w) for w in words]
        facts = _Mention(
            words=words,
            unit=_unit(words),
            category=_span_category(words),
            civilian=any(n.civilian for n in nouns),
            civilian_thing=any(n.civilian_marker for n in nouns[1:]),
            soldier=any(n.soldier for n in nouns),
            military_place=any(n.military_place for n in nouns),
            member=any(n.member for n in nouns),
            kin=not _KIN.isdisjoint(words),
        )
        if len(_MENTIONS) > 100_000:
            _MENTIONS.clear()
        _MENTIONS[folded] = facts
    return facts


class CountReader:
    def __init__(self, actors: ActorRegistry):
        self.actors = actors

    def read(self, ctx: DocContext, actor_ids: dict[int, str | None]) -> list[Count]:
        readings = [self._own_reading(ctx, span, actor_ids) for span in ctx.count_spans]
        self._link_breakdowns(ctx, readings, actor_ids)
        self._spread_scope(ctx, readings)
        self._inherit(ctx, readings, actor_ids)
        return [self._to_count(r) for r in readings]

    # --- pass 1 -----------------------------------------------------------------------------------
    def _own_reading(self, ctx: DocContext, span: Span, actor_ids: dict[int, str | None]) -> CountReading:
        ft = ctx.ft
        before = ft[max(0, span.fs - 40) : span.fs]
        after = ft[span.fe : span.fe + 40]
        quantity = parse_quantity(span.folded, before, after, folded=True)
        if quantity.qualifier == "exact" and "الاقل" in ft[span.fe : span.fe + 90] and _at_least_after_side(ctx, span):
            quantity = replace(quantity, qualifier="at_least")
        mention = _mention(span.folded)
        unit = mention.unit
        category, source = self._category(ctx, span, mention)
        victim, status, how = self._victim(ctx, span, mention, actor_ids)
        if category == "other" and source == "left" and how == "civilian" and _fled(ctx, span):
            # `فرّ نحو 60 ألف مواطن`: civilians who flee are displaced (fighters or detainees who
            # flee are not: `فر 800 شخص من المحتجزات`)
            category = "displaced"
        scope = self._scope(ctx, span)
        return CountReading(span, quantity, unit, category, source, victim, status, how, scope, words=mention.words,
                            sentence=ctx.sentence_id(span.fs))

    def _category(self, ctx: DocContext, span: Span, mention: _Mention) -> tuple[str | None, str]:
        """The count's own category and where it came from (noun, left, right, cumulative, clause,
        unit, far); None when nothing in its reach says it."""
        unit = mention.unit
        category, source = self._category_cue(ctx, span, mention)
        if unit in ("vehicle", "building", "equipment") and category not in ("destroyed", "other", None):
            category = "destroyed"  # things are destroyed, damaged or seized (`خروج 3 مشافٍ عن الخدمة`)
        return category, source

    def _category_cue(self, ctx: DocContext, span: Span, mention: _Mention) -> tuple[str | None, str]:
        unit = mention.unit
        sent_start = ctx.sentence_bounds(span.fs)[0]
        left = ctx.free_words_before(span.fs, max(sent_start, span.fs - 120))  # actors are no cue
        # the verb or noun right before it: `قتل 43 عنصراً`, `أعدم التنظيم 5 مدنيين`, `القبض على 60`
        nearest = left[-3:]
        if not _TIME_WORDS.isdisjoint(nearest):
            nearest = [w for w in left[-6:] if w not in _TIME_WORDS][-3:]  # `أفرجت الشهر الفائت عن 3`
        weak = None
        for k in range(len(nearest) - 1, -1, -1):
            word = nearest[k]
            if mention.category and word in _SPAN_NOUNS:
                break  # `3 قتلى و7 جرحى`: the count before and its cues are not this count's
            cue = _cue_of(word)
            if not cue and word == "فقد" and k + 1 < len(nearest) and nearest[k + 1].startswith("ال"):
                cue = "missing"  # the verb `فقد الاتصال ب...`, not the particle of `فقد ارتفع`
            if cue in ("killed", "injured") and k > 0 and word.startswith("و"):
                # (a noun for the people, `لإسعاف الجرحى، وقتل`, is no second event)
                # (`لقوا حتفهم، وأصيب 4 آخرون` closes one clause and opens the next)
                other = None if _noun(nearest[k - 1]).category or nearest[k - 1] in _DEATH_IDIOMS \
                    else _cue_of(nearest[k - 1])
                if other in ("killed", "injured") and other != cue:
                    return "other", "left"  # `مقتل وإصابة العشرات`: both at once
            if cue and word in _WEAK_LEFT:
                weak = cue, "left"  # `خروج 70 عنصراً ... واستسلامهم`: what follows says more
                break
            if cue:
                return cue, "left"
        noun = mention.category
        if noun == "displaced":  # `10 نازحين مجهولي المصير`: the noun says who they are, the state what befell them
            state = _state_after(ctx, span)
            if state:
                return state, "right"
        if noun:
            return noun, "noun"
        right = self._right_cue(ctx, span, unit)
        if right:
            return right
        if weak:
            return weak
        return self._far_cue(ctx, span, unit, left, sent_start)

    def _right_cue(self, ctx: DocContext, span: Span, unit: str) -> tuple[str, str] | None:
        ft = ctx.ft
        # `خروج 3 مشافٍ عن الخدمة`; not people (`27 شاباً من المتخلفين عن الخدمة الإلزامية`)
        if unit != "person" and "الخدمه" in ft[span.fe : span.fe + 60] and _OUT_OF_SERVICE.match(ft[span.fe : span.fe + 60]):
            return "destroyed", "right"
        state = _state_after(ctx, span)
        if state:
            return state, "right"
        # `وقع 3 جنود في قبضة الفصائل`, `وقع عنصران في الأسر`, `سقط 4 عناصر أسرى`
        end = min(ctx.clause_end(span.fe), span.fe + 60)
        # (every cue of _TAKEN has one of its stems: a cheap scan for them before the pattern)
        taken = _TAKEN.match(ft, span.fe, end) if _TAKEN_STEM.search(ft, span.fe, end) else None
        if taken and not ctx.actor_mask[taken.start("cue")]:
            return "captured", "right"
        # a verb right after it that refers back: `8 قتلوا`, `414 على الأقل ممن قتلوا`, `جرى احتجازهم`
        clause_end = min(ctx.clause_end(span.fe), ctx.next_count_start(span.fe))
        seen = 0
        previous = ""
        following = ctx.words_between(span.fe, min(clause_end, span.fe + 80))
        for k, (word, pos, _end) in enumerate(following):
            if _in_actor(ctx, pos):
                continue
            if word in _SELF:  # `فجروا أنفسهم` (suicide attackers), `سلموا أنفسهم` (surrendered)
                if _cue_of(previous) == "captured":
                    return "captured", "right"
                if previous.startswith(("فجر", "ففجر", "وفجر")):
                    return "killed", "right"
            previous = word
            cue = _lost_life(_cue_of(word), following, k)
            if cue and (_refers_back(word, ctx, _end) or (k + 1 < len(following) and following[k + 1][0] in _OF_THEM)):
                # (`منهم تسعة أفرج عنهم`: the pronoun after the verb points back to the count)
                return cue, "right"
            if cue and seen == 0 and word[0] == "ل" and word not in _VERB_CUES and len(word) > 3:
                return cue, "right"  # `دفعت عشرات العائلات لمغادرة منازلها`, `تعرض 3 أطفال للاختطاف`
            if cue and seen == 0 and k > 0 and following[k - 1][0] in _TO_WORDS and word.startswith("ال"):
                return cue, "right"  # `دفعت حدة القصف 2400 عائلة إلى النزوح`, `أجبرت 50 عائلة على النزوح`
            if cue and word[0] in "وف":
                break  # `، وأصيب 3 آخرون`: the next item of a list
            if word in _SKIPPABLE or word in MEMBER_WORDS or word in _PREPOSITIONS:
                continue
            seen += 1
            if seen >= 3:
                break
        return None

    def _far_cue(self, ctx: DocContext, span: Span, unit: str, left: list[str], sent_start: int
                 ) -> tuple[str | None, str]:
        ft = ctx.ft
        # a running total names its deaths after it: `يرتفع إلى 81 عدد عناصر قسد الذين قتلوا` (unless
        # it named them before it: `بلغ عدد القتلى منذ مطلع العام 30`)
        if _CUMULATIVE_LEFT.search(ft[max(sent_start, span.fs - 30) : span.fs]) and "عدد" not in left[-8:]:
            following = ctx.words_between(span.fe, ctx.strong_end(span.fe))[:40]
            for k, (word, _, _) in enumerate(following):
                cue = _lost_life(_cue_of(word), following, k)
                if cue == "displaced" and k + 2 < len(following) and following[k + 1][0] in _WHO:
                    # `عدد النازحين الذين قضوا`: the displaced are who, the verb after says what
                    cue = _lost_life(_cue_of(following[k + 2][0]), following, k + 2) or cue
                if cue:
                    return cue, "cumulative"
        for word in reversed(left[-14:]):
            cue = _cue_of(word)
            if cue and not (cue == "destroyed" and unit == "person"):
                return cue, "clause"
        if unit in ("vehicle", "building", "equipment"):
            return "destroyed", "unit"
        # a cue later in the sentence: `أطلق مجهولون النار على عامل ... ما أدى إلى مقتله`
        for word, _, _ in ctx.words_between(span.fe, min(ctx.next_count_start(span.fe), ctx.next_sentence_mark(span.fe)))[:25]:
            cue = _cue_of(word)
            if cue:
                return cue, "far"
        # `يصبح عدد المدنيين الذين فقدوا حياتهم بالألغام منذ ...، 163 مدنياً`: the total named its
        # people and their fate before the number
        number_of = ft.rfind("عدد", sent_start, span.fs)
        if number_of >= 0:
            between = ctx.words_between(number_of, span.fs)[:12]
            for k, (word, _, _) in enumerate(between):
                cue = _lost_life(_cue_of(word), between, k)
                if cue:
                    return cue, "far"
        # `ارتفعت حصيلة الضربات التي ... إلى 15 شخصاً`: a toll that names nothing else is of the dead
        toll = ft.rfind("حصيل", sent_start, span.fs)  # حصيلة، حصيلتها
        if toll >= 0:
            named = ctx.words_after(toll + 6, 1, toll + 30)  # `حصيلة الجرحى`, `حصيلة الاعتقالات`
            return (named and _cue_of(named[0])) or "killed", "far"
        return None, "none"

    def _victim(self, ctx: DocContext, span: Span, mention: _Mention,
                actor_ids: dict[int, str | None]) -> tuple[str | None, str, str]:
        """(victim, victim_status, how it was found) before breakdowns and inheritance."""
        if _MIXED_GROUP.match(ctx.ft, span.fe):
            return "UNKNOWN", "unknown", "attached"  # `نحو 70 مختطفاً من المدنيين والعسكريين`
        if mention.civilian:
            return "CIVILIANS", "civilian", "civilian"
        if mention.kin:
            return "CIVILIANS", "civilian", "context"
        unit = mention.unit
        if unit != "person" and mention.civilian_thing:
            return "CIVILIANS", "civilian", "civilian"  # `جرار زراعي`, `سيارتي إسعاف`
        attached = self._attached(ctx, span, actor_ids)
        if attached == "CIVILIANS":
            return "CIVILIANS", "civilian", "attached"  # `تعود للمدنيين`, `عدد الذين قتلوا من الرعاة`
        if attached == "BOTH":
            return "UNKNOWN", "unknown", "attached"
        if attached == "PARTITIVE":
            return None, "unknown", "partitive"
        if attached and attached != "PRONOUN":
            return attached, "combatant", "attached"
        if attached is None:
            fronted = _fronted_side(ctx, span, actor_ids) or _loss_holder(ctx, span, actor_ids) \
                or self._total_named_before(ctx, span, actor_ids)
            if fronted:
                return fronted, "combatant", "attached"  # `قتل من قسد 6 مقاتلين`, `تكبد التنظيم خسائر بلغت 16 قتيلاً`
        nationality = self._nationality(ctx, span, mention.words)
        if nationality:
            return nationality, "combatant", "attached"  # `جندي تركي`, `45 جندياً تركياً`
        if mention.soldier:
            return "SYRIAN_GOV", "combatant", "context"  # جنود، مجندين: the army's conscripts
        if unit == "building" and not mention.military_place:
            return "CIVILIANS", "civilian", "context"  # homes, shops, schools: civilian property
        if attached == "PRONOUN":
            owner = _pronoun_owner(ctx, span, actor_ids)
            if owner:
                return owner, "combatant", "attached"
        if attached == "PRONOUN" or mention.member or unit != "person":
            actor = _context_actor(ctx, span, actor_ids)
            if actor in _REGIME_ALLIES and _heavy_weapon(ctx, span) and _army_named_before(ctx, span, actor_ids):
                # tanks and guns on the government side are the army's, not its allied militias'
                actor = "SYRIAN_GOV"
            if actor:
                return actor, "combatant", "context"
        return None, "unknown", "none"

    def _total_named_before(self, ctx: DocContext, span: Span, actor_ids: dict[int, str | None]) -> str | None:
        """Whose running total a bare number is when the total named its people before it: `بلغ عدد
        قتلى الجيش التركي خلال الفترة ذاتها 6 جنود`, `عدد العسكريين الذين قتلوا من قوات النظام ...
        ارتفع إلى 248`, `بلغ عدد المدنيين الذين قضوا 52`."""
        clause = max(ctx.clause_start(span.fs), span.fs - 160)
        words = ctx.words_between(clause, span.fs)
        for k in range(len(words) - 1, max(-1, len(words) - 21), -1):
            if words[k][0] != "عدد":
                continue
            if k + 1 < len(words) and words[k + 1][0] == "من":
                return None  # `قتل عدد من العناصر`: some, not a total
            if not _CUMULATIVE_LEFT.search(ctx.ft, clause, span.fs):
                return None
            side = self._attached(ctx, span._replace(fe=words[k][2]), actor_ids)
            return side if side not in ("PRONOUN", "PARTITIVE", "BOTH") else None
        return None

    def _nationality(self, ctx: DocContext, span: Span, words: list[str]) -> str | None:
        following = ctx.words_after(span.fe, 2, span.fe + 30)
        if len(following) > 1 and following[1] in ("الجنسيه", "الجنسيه،"):
            return None  # `مقاتل أمريكي الجنسية` in a count of SDF fighters: a nationality, not a side
        candidates = words[-1:] + following[:1]
        if len(following) > 1 and _describes(following[0]):
            candidates.append(following[1])  # `طائرة مسيرة تركية`, `4 طائرات حربية روسية`
        if following[:1] == ["عدد"]:
            # a running total names its people after it: `ليرتفع إلى 68 عدد الجنود الأتراك الذين`
            candidates += ctx.words_after(span.fe, 3, span.fe + 45)[2:]
        for word in candidates:
            for form in (word, word.removesuffix("ا")):
                found = self.actors.adjective(form)
                if found:
                    return found
        return None

    def _attached(self, ctx: DocContext, span: Span, actor_ids: dict[int, str | None]) -> str | None:
        """Whom a count belongs to, from the words right after it: an actor id (`43 عنصراً من تنظيم
        الدولة`, `6 عربات للتنظيم`, `414 على الأقل ممن قتلوا من مقاتلي وقادة التنظيم`, `4 آليات
        تابعة للتنظيم`, `قيادي في الهيئة`, `عدد عناصر قسد الذين قتلوا`), CIVILIANS (`عدد المدنيين
        الذين`, `تعود للمدنيين`), PRONOUN (`من عناصرها`, `منها`) or None. An actor reached through
        anything else (a verb, an attack: `قتلتهم طائرات التحالف`, `بقصف من قوات النظام`) is not it."""
        ft = ctx.ft
        end = min(ctx.next_count_start(span.fe), ctx.next_sentence_mark(span.fe), span.fe + 160)
        after = ft[span.fe : end]
        if _pronoun_member(after):
            return "PRONOUN"
        if _BOTH_SIDES.match(after):
            return "BOTH"
        actors = ctx.actors_between(span.fe, end)
        pos, linked, first = span.fe, False, True
        last_word = ""
        # words of a description (`طائرة حربية`, `مستودعات للأسلحة والذخيرة`, `من مخفر الشرطة`) may
        # come between, but then an explicit link must follow them: `تابعة ل`, `التابع ل`, `تعود ل`
        unknown, strong = 0, False
        for actor in [*actors, None]:
            stop = actor.fs if actor is not None else end
            gap_text = ft[pos:stop]
            if "“" in gap_text or "«" in gap_text or '"' in gap_text:  # a quote mark (three tests: no generator)
                gap_words = _words(_QUOTED.sub(" ", gap_text))  # a quoted name in between says nothing
            else:
                gap_words = ctx.words_in(pos, stop)
                if gap_text[-1:].isalpha():  # a proclitic written onto the actor: `لـ` of `لالتنظيم`
                    clitic = _TRAILING_WORD.search(gap_text)
                    assert clitic is not None  # (the gap ends with a letter)
                    gap_words = [*gap_words, clitic.group()]
            nationality = False
            for word in gap_words:
                if strong and word == "الي":
                    continue  # `ينتمون إلى`, `تابعة إلى`: the link goes on
                if word in _NATIONALITY_HEADS or (nationality and word.endswith("يه")):
                    nationality = True  # `8 من الجنسية الإيرانية من ضباط الحرس الثوري`: who they are
                    continue            # comes after the nationality
                nationality = False
                if first and word in _PARTITIVE:
                    return "PARTITIVE"
                if (first or strong) and word in _PRONOUN_OF:
                    return "PRONOUN"  # `منها`, `عربتين عسكريتين تابعتين لها`
                first = False
                last_word = word
                kind = _ATTACH_KIND.get(word)
                if kind is None:
                    kind = _attach_kind(word)
                if kind == _MIXED:
                    return None  # `غالبيتهم من المدنيين`: a mixed group
                if kind == _CIVIL and word == _SONS_OF and _mention(span.folded).member:
                    continue  # `قيادي من أبناء البلدة`: where he is from, not a civilian
                if kind == _CIVIL:
                    return "CIVILIANS" if not unknown or strong else None
                if kind == _STRONG:
                    strong = linked = True
                elif kind == _LINK:
                    linked = True
                elif kind == _UNKNOWN:
                    unknown, strong = unknown + 1, False
                    if unknown > 3:
                        return None
            if actor is None or (unknown and not strong):
                return None
            actor_id = actor_ids.get(actor.entity_index)
            gap = ft[pos:stop].strip()
            forms = (last_word, *clitic_variants(last_word))
            construct = bool(gap) and gap[-1].isalpha() and not (
                MEMBER_WORDS.isdisjoint(forms) and _GAP_WORDS.isdisjoint(forms))
            if actor_id and (linked or not gap or construct):
                if _joined_side(ctx, actor, actor_id, actor_ids):
                    return "BOTH"  # `عدد قتلى قوات النظام وفصائل المصالحة`: a total of two sides
                return actor_id  # `من قسد`, `للتنظيم`, `عدد عناصر قوات النظام`, `قتلى التنظيم`
            pos, linked, first = actor.fe, False, False
        return None

    def _scope(self, ctx: DocContext, span: Span) -> str | None:
        marks = _period_marks(ctx)
        if marks.empty:
            return None
        fs, fe = span.fs, span.fe
        sent_start, sent_end = ctx.sentence_bounds(fs)
        left_start = max(sent_start, ctx.clause_start(fs) - 1, fs - 80)
        # `منذ انطلاق عملية «غصن الزيتون» في ...، وحتى اليوم، استشهاد 227 مدنياً`: commas inside
        # (`...منذ بدء هجومه، وعلى صعيد متصل، استشهد 5 مواطنين`: another item, not the total's)
        if marks.since_total(_after_topic_shift(ctx, max(sent_start, ctx.strong_start(fs), fs - 220), fs), fs):
            return "cumulative"
        # (`تكبد التنظيم خسائر بلغت 16 قتيلاً`: the toll of a battle, not a running total)
        if marks.cumulative.within(left_start, fs) and _LOSSES not in ctx.ft[left_start:fs]:
            # `ارتفع إلى 42 عدد الذين قتلوا جراء انفجار اليوم` updates one event's toll; a running
            # total says since when (`منذ`) or sums up (`وبذلك`)
            if "بذلك" in ctx.ft[left_start:fs]:
                return "cumulative"
            if (marks.since_total(sent_start, sent_end, any_since=True) or marks.same_period.within(sent_start, sent_end)) \
                    and not self._todays_toll(ctx, marks, fe):
                return "cumulative"
            return "update"  # new, unless it sums up counts told before it (see _spread_scope)
        # what follows it in its own clause: `قتلوا منذ بدء العملية`, not `...، بعد انقطاع الاتصال
        # بهم منذ دخول القوات`
        end = min(ctx.next_count_start(fe), ctx.clause_end(fe), fe + 200)
        if _next_clause_opens_a_period(ctx, marks, fe, end):
            return "cumulative"
        if marks.since_total(fe, end) or marks.same_period.within(fe, end) or marks.same_period.within(left_start, fs):
            return "cumulative"
        if marks.long_period.within(left_start, fs) or marks.long_period.within(fe, end):
            return "cumulative"
        # a tally over a named month opens its sentence: `وثق المرصد خلال شهر حزيران 41 عملية اغتيال
        # ...، أسفرت عن مقتل 27 شخصاً`
        period = marks.long_period.last_within(sent_start, fs)
        if period is not None and not _NEW_TIME.search(ctx.ft, period, fs):
            return "cumulative"
        # `... استمرت 33 يوماً، وثق المرصد خلالها مقتل 227`: `خلالها` right before the count points
        # back to a period of days or more named earlier in the sentence
        during = marks.during.last_within(max(sent_start, fs - 60), fs)
        if during is not None:
            duration = marks.duration.last_within(sent_start, during)
            # (`بعد أسابيع من خسارتها، إثر هجوم بدأته الفصائل يوم أمس، قتل خلاله`: yesterday's attack)
            if duration is not None and not _NEW_TIME.search(ctx.ft, duration, during):
                return "cumulative"
        return None

    @staticmethod
    def _todays_toll(ctx: DocContext, marks: _PeriodMarks, fe: int) -> bool:
        """`ارتفع إلى 27 عدد الذين استشهدوا اليوم ...`, `... منذ صباح اليوم`: the update names today as its
        period before any running total in its clause, or names the one incident it counts."""
        clause_end = ctx.clause_end(fe)
        if _ONE_INCIDENT.search(ctx.ft, fe, clause_end):
            return True  # `ارتفع إلى 21 عدد الذين قتلوا في الهجوم`: one incident's, which is today's
        today = _TODAY.search(ctx.ft, fe, clause_end)
        return today is not None and not marks.since_total(fe, today.start())

    def _spread_scope(self, ctx: DocContext, readings: list[CountReading]) -> None:
        """Running totals come in lists and summary sentences: `مقتل 32 عنصراً من قوات النظام و11
        من الدفاع الوطني منذ بدء الهجوم` (both), `يرتفع إلى 1306 ...، فيما قضى 754 من قسد` (both)."""
        ft = ctx.ft
        for i, reading in enumerate(readings):
            if reading.scope == "update":
                parts = _summed_parts(ctx, readings, i)
                if parts and not _still_one_toll(ctx, readings, i, parts):
                    reading.scope = "cumulative"  # a running total of the counts told before it
                    continue
                reading.scope = "new"
                if parts and reading.victim is not None and all(readings[j].victim == reading.victim for j in parts):
                    for j in parts:  # the earlier tolls are in this one: never counted twice
                        readings[j].part_of = i
        for i in range(len(readings) - 1, 0, -1):  # backwards through `A و B منذ ...`
            a, b = readings[i - 1], readings[i]
            if b.scope == "cumulative" and a.scope is None and a.part_of is None and _listed(ft, a, b, ctx):
                a.scope = "cumulative"
        totals: list[CountReading] = []  # the running totals of the current sentence so far
        for reading in readings:
            if totals and (totals[-1].sentence != reading.sentence
                           or _after_topic_shift(ctx, totals[-1].span.fe, reading.span.fs) > totals[-1].span.fe):
                totals = []
            if reading.part_of is not None:
                continue
            if reading.scope == "cumulative":
                totals.append(reading)
                continue
            if reading.scope is not None:
                continue
            if totals and _continues_total(ctx, reading):
                reading.scope = "cumulative"  # `وإلى 61 مدنياً عدد من قضوا`, `فيما أصيب 15 آخرين`
                continue
            for total in reversed(totals):  # the latest total of the same kind, or listed with it
                if reading.category == total.category or _listed(ft, total, reading, ctx) or (
                        reading.category is None and _added(ctx, reading)):
                    between = _UNTIL_NOW.sub(" ", ft[total.span.fe : reading.span.fs])
                    after = ft[reading.span.fe : min(reading.span.fe + 40, ctx.clause_end(reading.span.fe))]
                    # `إضافة إلى 18 مدنياً` after a total lists one more item of it, whatever the
                    # words about the items before (`قضى معظمهم بانفجار ألغام`) say
                    # (`فيما استشهد مواطن وأصيب آخرون جراء سقوط قذائف`: an incident of its own)
                    attack = (_ATTACK.search(between) or _ATTACK.search(after)) and not _added(ctx, reading)
                    if not (_NEW_TIME.search(between) or _NEW_TIME.search(after) or attack):
                        reading.scope = "cumulative"
                    break
            else:
                if totals and reading.category != totals[-1].category:
                    totals = []  # `فيما أسر التنظيم 5 عناصر`: the sentence has moved on to new events

    # --- pass 2 -----------------------------------------------------------------------------------
    def _link_breakdowns(self, ctx: DocContext, readings: list[CountReading], actor_ids: dict[int, str | None]
                         ) -> None:
        ft = ctx.ft
        for i, reading in enumerate(readings):
            if i == 0:
                continue
            prev = readings[i - 1]
            span = reading.span
            if prev.sentence != reading.sentence:
                reading.part_of = _named_group(ctx, readings, i)
                continue
            gap_words = ctx.words_in(prev.span.fe, span.fs)
            before = gap_words[-2:]
            after = ctx.words_after(span.fe, 1, span.fe + 20)
            own_words = reading.words
            # (a partitive right after the count before is that count's: `لمقتل ثلاثة منهم وإصابة اثنين`)
            marker = (bool(before) and before[-1] in _BREAKDOWN_BEFORE) or (
                len(gap_words) > 2 and before[0] in _BREAKDOWN_BEFORE) or (after and after[0] in _BREAKDOWN_AFTER)
            marker = marker or (own_words and own_words[0] in {"احدهم", "احداهم", "احدهما", "احداهن"})
            if marker:
                # `أسرت 27 عنصراً من قوات النظام، في حين انفجر لغم بمجموعة من مقاتلي الفصائل، ما أدى
                # لمقتل 3 منهم`: the pronoun points back to the nearest group, here not the count
                # (only a group of the count's own development: `فيما`, `في حين` open a new one)
                development = ctx.strong_start(span.fs)
                partitive = bool(after) and after[0] in _BREAKDOWN_AFTER
                group = _group_before(ctx, development, span.fs, actor_ids) \
                    if partitive and development > prev.span.fe else None
                if group is not None:
                    reading.group = group
                    continue
                # the count right before it (`هم 6 من حزب الله و4 مدنيين بينهم سائق`: among the 4), or
                # that count's whole when it is too small
                whole_index: int | None = i - 1
                while whole_index is not None and not _fits_in(reading, readings[whole_index]):
                    whole_index = readings[whole_index].part_of
                if whole_index is not None:
                    reading.part_of = whole_index
                    continue
            # a sibling of an earlier breakdown: `هم 8 ...، و35 ...`, `قتل الـ 7 الآخرين`, `إضافة إلى 72 ...`
            tail = gap_words[-2:]
            joined = (bool(tail) and (tail[-1] == "و" or not _ADDITION.isdisjoint(tail))) or (
                ft[span.fs - 1 : span.fs] == "و")
            following = ctx.words_after(span.fe, 2, span.fe + 25)
            others = not (_OTHERS.isdisjoint(following) and _OTHERS.isdisjoint(own_words))
            # `أفرج عن 9 منهم، ولا يزال مصير 16 آخرين مجهولاً`: the rest of a breakdown by fate
            rest = not (joined or others) and not _OTHERS_INDEF.isdisjoint(following[:1] + own_words[1:])
            if not (joined or others or rest):
                whole_index = _named_group(ctx, readings, i)
                if whole_index is not None:
                    reading.part_of = whole_index
                continue
            sibling = prev
            while sibling.part_of is not None:
                whole = readings[sibling.part_of]
                # the items of this list only: `بينهم 19 طفلاً و14 مواطنة، هم 27 في حمورية، و19 في
                # سقبا ...` breaks 106 down twice, by age and by place
                siblings = _list_items(readings, readings.index(sibling))
                if rest and not _by_fate(whole, siblings):
                    break
                if _compatible(reading, whole, siblings) and _fits_in(reading, whole, siblings):
                    reading.part_of = sibling.part_of
                    reading.sibling_of = readings.index(sibling)
                    break
                sibling = whole

    # --- pass 3 -----------------------------------------------------------------------------------
    def _inherit(self, ctx: DocContext, readings: list[CountReading], actor_ids: dict[int, str | None]) -> None:
        self._cue_after_breakdowns(ctx, readings)
        for i, reading in enumerate(readings):
            whole = readings[reading.part_of] if reading.part_of is not None else None
            if whole is not None:
                own = reading.category_from
                if reading.category is None or own in ("unit", "far", "cumulative") or _people_in_a_state(reading, whole) or (
                        own in ("left", "clause") and not _cue_after(ctx, whole, reading)):
                    reading.category = whole.category
                if reading.victim is None or reading.victim_how in ("context", "none", "partitive"):
                    reading.victim, reading.victim_status = whole.victim, whole.victim_status
                if reading.scope is None:
                    reading.scope = whole.scope
                continue
            top = self._previous_top(ctx, readings, i)
            if reading.victim is None and reading.group is not None:
                reading.victim, reading.victim_status = reading.group  # `... 3 منهم`: see _link_breakdowns
            if top is not None and reading.victim_how == "context" and top.victim_how in ("attached", "civilian") \
                    and _says_others(ctx, reading):
                # `قتل قياديان في تنظيم داعش ... واعتقال عنصر ثالث`, `34 جندياً تركياً ...، وأصيب 30
                # جندياً آخرين`: more of the same people, whatever the sentence names in between
                reading.victim, reading.victim_status = top.victim, top.victim_status
            if top is not None and reading.victim == "SYRIAN_GOV" and reading.victim_how == "context" \
                    and any(_noun(w).soldier for w in reading.words) and top.victim in _FOREIGN_ARMIES:
                # `ارتفع إلى 34 عدد عناصر القوات التركية الذين قتلوا ...، فيما أصيب أكثر من 30 جندياً`:
                # soldiers after a foreign army's dead are its soldiers, not the Syrian army's
                reading.victim, reading.victim_status = top.victim, top.victim_status
            if reading.victim is None and top is not None and top.scope == "cumulative" \
                    and _total_of_a_kind(ctx, reading):
                # `... عدد الشهداء المدنيين منذ انهيار الهدنة، فيما ارتفع إلى أكثر من 600 عدد الجرحى
                # خلال الفترة ذاتها`: the wounded of the same people
                reading.victim, reading.victim_status = top.victim, top.victim_status
            if reading.victim is None and top is not None and _continues(ctx, reading):
                # `قضى 62 عنصراً من قوات النظام، وأصيب أكثر من 100 آخرين`, `مقتل 3 وإصابة 5`
                reading.victim, reading.victim_status = top.victim, top.victim_status
            if reading.victim is None and reading.victim_how == "partitive" and top is None:
                # `اعتقلت عدداً من الشبان، وأفرجت عن 5 منهم`: the group named before it in its sentence
                group = _group_before(ctx, ctx.sentence_bounds(reading.span.fs)[0], reading.span.fs, actor_ids)
                if group is not None:
                    reading.victim, reading.victim_status = group
            if reading.victim is None and reading.victim_how == "partitive":
                actor = _context_actor(ctx, reading.span, actor_ids)
                if actor:
                    reading.victim, reading.victim_status = actor, "combatant"
            if reading.category is None and i > 0:
                prev = readings[i - 1]
                if prev.sentence == reading.sentence:
                    reading.category = prev.category
        for i in range(len(readings) - 2, -1, -1):
            # `تدمير دبابتين و3 آليات لها`, `تدمير 3 دبابات ومدفعين ومقتل 9 عناصر من قوات النظام`:
            # things listed together belong to the same side
            # `إصابة ضابط وعنصرين من قوات النظام`: members joined by و share the side named after them
            a, b = readings[i], readings[i + 1]
            if a.victim_how in ("none", "context") and b.victim_how == "attached" and (
                    (a.unit in _THINGS and _listed(ctx.ft, a, b, ctx, allow_cues=True))
                    or (a.category == b.category and ctx.ft[a.span.fe : b.span.fs].strip() == "و"
                        and any(_noun(w).member for w in a.words))):
                a.victim, a.victim_status, a.victim_how = b.victim, b.victim_status, "attached"
        for i, reading in enumerate(readings):
            if reading.unit == "vehicle" and (reading.victim_how != "attached" or reading.victim == "CIVILIANS"):
                # (a `سيارة مدنية` that carried fighters is theirs)
                carried = _carried(ctx, readings, i, actor_ids)
                if carried:
                    reading.victim, reading.victim_status = carried
        self._wholes_of_one_side(readings)
        _restated_in_headline(ctx, readings)
        for reading in readings:
            reading.category = reading.category or "other"
            reading.scope = reading.scope or "new"
            if reading.victim is None:
                reading.victim, reading.victim_status = "UNKNOWN", "unknown"
            if reading.victim == "UNKNOWN":
                reading.victim_status = "unknown"

    @staticmethod
    def _wholes_of_one_side(readings: list[CountReading]) -> None:
        """A whole that names no victim but whose parts cover it and all have one victim is theirs:
        `يرتفع إلى 47 عدد الذين قتلوا داخل المخيم، هم 31 لاجئاً عراقياً و16 من النازحين` (civilians),
        `مقتل 14 مقاتلاً من الطرفين، هم 8 من جيش الإسلام و6 من فيلق الرحمن` (both sides one id)."""
        for i, whole in enumerate(readings):
            if whole.victim not in (None, "UNKNOWN") or whole.quantity.value is None:
                continue
            parts = _parts_of(readings, i)
            victims = {r.victim for r in parts}
            # (`بينهم 14 امرأة، هم 31 لاجئاً و16 من النازحين`: two breakdowns, more than the whole)
            if len(parts) > 1 and len(victims) == 1 and not victims & {None, "UNKNOWN"} \
                    and sum(r.quantity.value or 0 for r in parts) >= whole.quantity.value:
                whole.victim, whole.victim_status = parts[0].victim, parts[0].victim_status

    @staticmethod
    def _cue_after_breakdowns(ctx: DocContext, readings: list[CountReading]) -> None:
        """A whole that says nothing of its own takes the verb after its breakdowns: `خمسة مدنيين بينهم
        سيدة وطفل قضوا جراء القصف`."""
        for i, whole in enumerate(readings):
            if whole.category is not None or whole.part_of is not None:
                continue
            parts = _parts_of(readings, i)
            if not parts:
                continue
            end = parts[-1].span.fe
            stop = min(ctx.clause_end(end), ctx.next_count_start(end), end + 40)
            for word, _start, word_end in ctx.words_between(end, stop)[:3]:
                cue = _cue_of(word)
                if cue and _refers_back(word, ctx, word_end):
                    whole.category, whole.category_from = cue, "right"
                    break

    @staticmethod
    def _previous_top(ctx: DocContext, readings: list[CountReading], i: int) -> CountReading | None:
        """The latest earlier count of the same sentence that is not a breakdown; for people, the latest
        count of people (`قتل 15 مدنياً ... وأحرقوا 5 سيارات، واختطفوا 6 آخرين`)."""
        sentence = readings[i].sentence
        people = readings[i].unit == "person"
        for j in range(i - 1, -1, -1):
            if readings[j].sentence != sentence:
                return None
            if readings[j].part_of is None and not (people and readings[j].unit in _THINGS):
                return readings[j]
        return None

    def _to_count(self, r: CountReading) -> Count:
        q = r.quantity
        return _new_count({
            "start": r.span.start, "end": r.span.end, "text": r.span.text, "value": q.value, "low": q.low,
            "high": q.high, "qualifier": q.qualifier, "unit": r.unit, "category": r.category, "victim": r.victim,
            "victim_status": r.victim_status, "scope": r.scope, "part_of": r.part_of,
        })


_new_count = maker(Count)  # a Count from a dict of all its fields (see context.make)


def _context_actor(ctx: DocContext, span: Span, actor_ids: dict[int, str | None]) -> str | None:
    """The side a count of fighters or things belongs to when nothing is attached to it: the latest
    actor named before it in its sentence that is not acting on it (`أسر التنظيم 5 عناصر`,
    `دمرت الهيئة دبابتين` skip the actor that acts, and every mention of it; `طائرات التحالف` are
    never the victim). Fighters of two sides in a clash (`بين قسد والتنظيم`) stay unknown."""
    sent_start = ctx.sentence_bounds(span.fs)[0]
    candidates = [a for a in ctx.actors_before(span.fs) if a.fs >= sent_start and actor_ids.get(a.entity_index)]
    agents: set[str] = set()
    # the attacker named after it (`قتل عنصران بقصف من قوات النظام`) is not its side either
    end = min(ctx.next_count_start(span.fe), ctx.next_sentence_mark(span.fe))
    for actor in ctx.actors_between(span.fe, end):
        before = _words_before_span(ctx, actor, max(span.fe, actor.fs - 25))
        agent_id = actor_ids.get(actor.entity_index)
        if agent_id and _is_agent(actor, before):
            agents.add(agent_id)
    for i in range(len(candidates) - 1, -1, -1):
        actor = candidates[i]
        actor_id = actor_ids[actor.entity_index]
        assert actor_id is not None  # (candidates have an id)
        before = _words_before_span(ctx, actor, max(sent_start, actor.fs - 25))
        if i > 0 and before and before[-1] == "و":
            before_first = ctx.words_before(candidates[i - 1].fs, 1, max(sent_start, candidates[i - 1].fs - 12))
            if before_first and before_first[0] in _BETWEEN:
                return None  # `بين قسد والتنظيم`: either side
        # the subject of a verb right after it (`قسد اعتقلت ...`), not a heading (`خسائر قسد: قتل ...`)
        after = ctx.words_between(actor.fe, actor.fe + 20)[:1]
        # (`أما قوات النظام فقد خسرت`: فقد is the particle)
        subject = bool(after) and after[0][0] in _VERB_CUES and after[0][0] not in _LOSE_VERBS \
            and after[0][0] not in _PARTICLES \
            and not _CLAUSE_MARKS.intersection(ctx.ft[actor.fe : after[0][1]])
        if _is_agent(actor, before) or subject or _acts_by_noun(ctx, actor):
            agents.add(actor_id)
            continue
        if actor_id in agents:
            continue
        return actor_id
    return _heading_side(ctx, sent_start, actor_ids) if not candidates else None


_CLAUSE_MARKS = frozenset("،,:;؛.")
_TAKING = ("destroyed", "captured")


def _acts_by_noun(ctx: DocContext, actor: Span) -> bool:
    """Is the actor the doer of a destroying or capturing noun right after it: `أعلن جيش الإسلام تدمير
    دبابة`, `تمكنت قسد من إعطاب عربتين`, `تمكن التنظيم من أسر 23`?"""
    after = ctx.words_between(actor.fe, actor.fe + 30)[:2]
    if after and after[0][0] == "من":
        after = after[1:]
    if not after or _CLAUSE_MARKS.intersection(ctx.ft[actor.fe : after[0][1]]):
        return False
    word = after[0][0]
    # (`من قوات النظام وإعطاب عربتين لها`: a noun joined by و goes on the list of the losses)
    return word[0] != "و" and word not in _VERB_CUES and _cue_of(word) in _TAKING
_LOSS_HEADS = _LOSS_WORDS | {fold(w) for w in wordlist("صفوف قتلى جرحى أسرى")}


_GROUP_MEMBERS = {fold(w) for w in wordlist("عناصر مقاتلي مقاتلين مسلحي جنود أفراد قادة منتسبي")}
_CIVILIAN_GROUPS = {fold(w) for w in wordlist(
    "مدنيين مدنيون مواطنين مواطنون أهالي سكان أبناء شبان أطفال نساء عائلات نازحين مزارعين رعاة عمال "
    "طلاب متظاهرين")}
_BARE_GROUPS = {fold(w) for w in wordlist("أهالي سكان أبناء")}  # definite by what follows them


def _group_before(ctx: DocContext, start: int, end: int, actor_ids: dict[int, str | None]
                  ) -> tuple[str, str] | None:
    """The nearest group of people named in [start, end) that `منهم` can point back to: members
    of an actor (`مجموعة من مقاتلي الفصائل`, `عناصر من التنظيم`) or civilians (`عدداً من الشبان`,
    `من أهالي القرية`)."""
    ft = ctx.ft
    for word, pos, wend in reversed(ctx.words_between(start, end)):
        if ctx.actor_mask[pos]:
            continue
        forms = _noun_forms(word)
        if not _GROUP_MEMBERS.isdisjoint(forms):
            for actor in ctx.actors_between(wend, min(end, wend + 12)):
                if ft[wend : actor.fs].strip() in ("", "من") and (actor_id := actor_ids.get(actor.entity_index)):
                    return actor_id, "combatant"
        definite = any(f.startswith("ال") for f in forms) or any(f in _BARE_GROUPS for f in forms)
        if definite and not _CIVILIAN_GROUPS.isdisjoint(forms):
            return "CIVILIANS", "civilian"
    return None


def _heading_side(ctx: DocContext, sent_start: int, actor_ids: dict[int, str | None]) -> str | None:
    """The side a heading line before the sentence names (`خسائر قوات النظام:` then `قتل 7 عناصر`
    on the next line), looking back over at most two list lines that do not end a sentence."""
    ft = ctx.ft
    end = sent_start - 1
    for _ in range(3):
        if end <= 0 or ft[end] != "\n":
            return None  # a full stop: the sentence before is no heading
        start = ctx.sentence_bounds(end)[0]
        line = ft[start:end].strip()
        actors = ctx.actors_between(start, end)
        if actors and line.endswith((":", "،")) and not ft[actors[-1].fe : end].strip(" :،\n"):
            before = ctx.words_before(actors[-1].fs, 1, start)
            if before and not _LOSS_HEADS.isdisjoint((before[0], *clitic_variants(before[0]))):
                return actor_ids.get(actors[-1].entity_index)
        if line.endswith((".", "؟", "!")):
            return None
        end = start - 1
    return None


def _describes(word: str) -> bool:
    """Can a word after a counted noun be a plain adjective of it (`حربية`, `مسيرة`, `مدرعتين`), not a
    preposition, a verb or a word with a proclitic?"""
    return word[:1] not in "وفبل" and word not in _PREPOSITIONS and word not in _SKIPPABLE and not _cue_of(word)


_CARRY = re.compile(fold_pattern(
    r"(?<!\w)(?:كان|كانت|كانتا)?\s*(?:تقل|يقل|تقلان|يقلان|تنقل|ينقل)(?P<pronoun>هم|ه|ها|هما|هن)?(?!\w)"))
_ABOARD = re.compile(fold_pattern(
    r"^\s*(?:\S+\s+){0,6}?(?:كان|كانوا|كانا|كانت|كانتا)\s+(?:على متن|بداخل|داخل|في داخل|يستقل|يستقلون|يستقلان)"))


def _carried(ctx: DocContext, readings: list[CountReading], i: int, actor_ids: dict[int, str | None]
             ) -> tuple[str, str] | None:
    """The side of the people a vehicle carried: `حافلة تقل عناصر من اللواء الثامن`, `سيارة تقل
    عنصرين من الأمن العسكري`, `سيارتين كانتا تقلانهم` (the people counted before), `سيارة ...، ما أدى
    لمقتل عنصرين من حزب الله كانا بداخلها` (the people counted after)."""
    ft = ctx.ft
    span = readings[i].span
    sent_start, sent_end = ctx.sentence_bounds(span.fs)
    head = ft[span.fe : min(sent_end, span.fe + 40)]
    carry = _CARRY.search(head)
    if carry and len(_words(head[: carry.start()])) <= 3:
        at = span.fe + carry.end()
        if carry.group("pronoun"):  # the main group counted before it in the sentence
            before = [r for r in readings[:i] if r.span.fs >= sent_start and r.unit == "person"
                      and r.part_of is None and r.victim not in (None, "UNKNOWN")]
            if not before:
                return None
            main = max(before, key=lambda r: r.quantity.value or 0)
            assert main.victim is not None  # (kept above)
            return main.victim, main.victim_status
        for r in readings[i + 1 :]:
            if r.span.fs - at > 3:
                break
            if r.victim not in (None, "UNKNOWN"):
                return r.victim, r.victim_status  # `تقل عنصرين من الأمن العسكري`
        words = _words(ft[at : min(sent_end, at + 25)])
        if words[:1] and not MEMBER_WORDS.isdisjoint(_noun_forms(words[0])):
            for actor in ctx.actors_between(at, min(sent_end, at + 40)):
                actor_id = actor_ids.get(actor.entity_index)
                if actor_id:
                    return actor_id, "combatant"  # `تقل عناصر من اللواء الثامن`
    for r in readings[i + 1 :]:
        if r.span.fs >= sent_end:
            break
        if r.unit == "person" and r.victim not in (None, "UNKNOWN", "CIVILIANS") \
                and _ABOARD.match(ft[r.span.fe : r.span.fe + 80]):
            return r.victim, r.victim_status
    return None


def _fronted_side(ctx: DocContext, span: Span, actor_ids: dict[int, str | None]) -> str | None:
    """`من + ACTOR` between the count's verb and the count: `قتل من قسد 6 مقاتلين`, `أصيب من عناصر
    النظام 3` (rule 1 with the side told first). Only the actor right before the count counts."""
    sent_start = ctx.sentence_bounds(span.fs)[0]
    actors = ctx.actors_before(span.fs)
    if not actors or actors[-1].fs < sent_start:
        return None
    actor = actors[-1]
    if ctx.ft[actor.fe : span.fs].strip():
        return None  # a word or a mark in between: not the count's side
    before = _words_before_span(ctx, actor, max(sent_start, actor.fs - 40))
    if before and not MEMBER_WORDS.isdisjoint(_noun_forms(before[-1])):
        before = ctx.words_before(actor.fs, 3, max(sent_start, actor.fs - 60))[:-1]  # `من عناصر ACTOR`
    if len(before) < 2 or before[-1] != "من" or not _cue_of(before[-2]):
        return None
    return actor_ids.get(actor.entity_index)


def _pronoun_owner(ctx: DocContext, span: Span, actor_ids: dict[int, str | None]) -> str | None:
    """Whom `من عناصرها`, `منها`, `لها` after a count point back to: the latest actor named before
    it in its sentence, even the one that acts (`أفرجت الهيئة عن 6 من عناصرها`, `خسر التنظيم 23
    عنصراً من عناصره`); aircraft and weapons own no members. The pronoun agrees with its owner:
    `ـها` prefers a feminine name (`قسد`, `الهيئة`, `الفصائل`), `ـه` a masculine one (`التنظيم`,
    `حزب الله`) when one of them does. A sentence that names no owner points back to the sentence before it
    (`شنت قسد هجوماً ... . وقتل خلال الهجوم 9 من عناصرها`)."""
    wanted = _pronoun_gender(ctx, span)
    sent_start = ctx.sentence_bounds(span.fs)[0]
    owners = _owners_between(ctx, sent_start, span.fs, actor_ids)
    if not owners and sent_start > 0:
        owners = _owners_between(ctx, ctx.sentence_bounds(sent_start - 1)[0], sent_start, actor_ids)
    if not owners:
        return None
    if _loser_is_elided(ctx, span, sent_start):
        # `هاجمت الهيئة مواقع قوات النظام، وخسرت 6 من مقاتليها`: who lost is the subject of the
        # clause before, the side that acted
        acting = [(a, i) for a, i in owners if _is_agent(a, _words_before_span(ctx, a, max(sent_start, a.fs - 25)))]
        owners = acting + [o for o in owners if o not in acting]
    if wanted is not None:
        # the latest that agrees; else the latest (a `ـه` may stand for a person of the latest
        # actor: `قيادي في الجبهة الوطنية ومرافقان له`)
        for actor, actor_id in owners:
            if _actor_gender(actor) == wanted:
                return actor_id
    return owners[0][1]


def _loss_holder(ctx: DocContext, span: Span, actor_ids: dict[int, str | None]) -> str | None:
    """The side whose toll the count is, told before it in the same clause: `تكبد التنظيم خسائر
    بلغت 16 قتيلاً`, `بلغت خسائر قوات النظام في الاشتباكات أكثر من 40 قتيلاً`, `خسرت قوات النظام 170
    عنصراً`."""
    clause = max(ctx.clause_start(span.fs), span.fs - 80)
    words = ctx.words_between(clause, span.fs)
    for k in range(len(words) - 1, -1, -1):
        word, start, end = words[k]
        if word in _LOSS_WORDS:
            after = ctx.actors_between(end, end + 2)  # the genitive: `خسائر قوات النظام`
            if after and not ctx.ft[end : after[0].fs].strip():
                return actor_ids.get(after[0].entity_index)
            return _subject_of_losing(ctx, start, clause, actor_ids)  # `تكبد التنظيم خسائر`
        # `سلمت الفصائل (قبيل خروجها) 3 دبابات`: weapons handed over were the giver's
        handover = word in _HANDOVER and _mention(span.folded).unit in _THINGS
        if (word in _LOSE_VERBS or handover) and not _in_actor(ctx, start):
            after = ctx.actors_between(end, end + 2)  # `خسرت قوات النظام 170 عنصراً`
            if after and not ctx.ft[end : after[0].fs].strip() and (
                    len(ctx.words_between(after[0].fe, span.fs)) <= 3 if handover
                    else not ctx.ft[after[0].fe : span.fs].strip()):
                return actor_ids.get(after[0].entity_index)
            return None
    return None


def _subject_of_losing(ctx: DocContext, pos: int, clause: int, actor_ids: dict[int, str | None]) -> str | None:
    """`تكبد التنظيم (خلال المعارك) خسائر`: the actor right after the verb that comes before `pos`."""
    for actor in reversed(ctx.actors_before(pos)):
        if actor.fs < clause:
            return None
        before = ctx.words_before(actor.fs, 1, clause)
        if before and before[0] in _LOSE_VERBS:
            return actor_ids.get(actor.entity_index)
    return None


_REGIME_ALLIES = frozenset({"NDF", "IRAN_MILITIAS", "HEZBOLLAH", "LIWA_AL_QUDS"})
_HEAVY_WEAPON = re.compile("|".join(fold(w) for w in ("دباب", "مدفع", "مدافع", "مدرع", "ناقلة جند", "ناقلات جند",
                                                      "راجم", "شيلكا")))


def _heavy_weapon(ctx: DocContext, span: Span) -> bool:
    """Tanks, guns, armoured vehicles: `دبابتين`, `عربة مدرعة` (the adjective may follow the span)."""
    return bool(_HEAVY_WEAPON.search(span.folded)) or any(
        _HEAVY_WEAPON.match(word) for word in ctx.words_after(span.fe, 1, span.fe + 12))


def _army_named_before(ctx: DocContext, span: Span, actor_ids: dict[int, str | None]) -> bool:
    """Is the Syrian army named earlier in the count's sentence?"""
    sent_start = ctx.sentence_bounds(span.fs)[0]
    return any(actor_ids.get(a.entity_index) == "SYRIAN_GOV" for a in ctx.actors_before(span.fs) if a.fs >= sent_start)


def _loser_is_elided(ctx: DocContext, span: Span, sent_start: int) -> bool:
    """Is the count the object of `خسر` / `تكبد` whose subject is not written (`وخسرت 6 ...`)?"""
    clause = max(sent_start, ctx.clause_start(span.fs))
    for word in reversed(ctx.words_before(span.fs, 4, clause)):
        if word in _LOSE_VERBS:
            return not ctx.actors_between(clause, span.fs)
    return False


def _owners_between(ctx: DocContext, start: int, end: int, actor_ids: dict[int, str | None]
                    ) -> list[tuple[Span, str]]:
    """The actors in [start, end) that can own members, latest first."""
    owners = []
    for actor in reversed(ctx.actors_before(end)):
        if actor.fs < start:
            break
        actor_id = actor_ids.get(actor.entity_index)
        if actor_id and not _WEAPON_STEM.search(actor.folded):
            owners.append((actor, actor_id))
    return owners


_FEMININE_HEADS = {fold(w) for w in wordlist(
    "فصائل خلايا كتائب ألوية قسد إسرائيل روسيا تركيا إيران أمريكا الولايات واشنطن موسكو أنقرة طهران")}
_MASCULINE_HEADS = {fold(w) for w in wordlist(
    "تنظيم جيش حزب نظام حرس تحالف لواء مجلس فيلق فوج أمن جهاز تجمع اتحاد حراك")}


def _actor_gender(actor: Span) -> str | None:
    """The grammatical gender of an actor's name, from its head word: `f` (a ة or ات ending, `فصائل`,
    `قسد`, a country), `m` (`تنظيم`, `جيش`, `حزب`), None when it cannot be told (`داعش`)."""
    words = _words(actor.folded)
    if not words:
        return None
    head = words[0]
    for prefix in ("لل", "ال"):
        if head.startswith(prefix) and len(head) > len(prefix) + 2:
            head = head[len(prefix):]
            break
    if head in _FEMININE_HEADS or head.endswith(("ه", "ات")):
        return "f"
    if head in _MASCULINE_HEADS:
        return "m"
    return None


def _pronoun_gender(ctx: DocContext, span: Span) -> str | None:
    """The gender of the pronoun after a count (`من عناصرها` f, `من مقاتليه` m, `منها` f); None
    for a plural or dual (`عناصرهم`), which agrees with any owner."""
    for word in ctx.words_after(span.fe, 2, span.fe + 40):
        if word in ("من", "في", "ضمن"):
            continue
        if word.endswith(("هم", "هما", "هن")):
            return None
        if word.endswith("ها"):
            return "f"
        return "m" if word.endswith("ه") else None
    return None


def _words_before_span(ctx: DocContext, span: Span, limit: int) -> list[str]:
    """The two words before a span, with a proclitic written onto it as a word of its own
    (`و` of `والتنظيم`, where the span starts after it)."""
    ft = ctx.ft
    if span.fs > 0 and _is_word_char(ft[span.fs - 1]):
        clitic = _TRAILING_WORD.search(ft, limit, span.fs)
        assert clitic is not None  # (a word character ends ft[limit:span.fs]; callers keep limit before the span)
        return [*ctx.words_before(span.fs, 1, limit), clitic.group()]
    return ctx.words_before(span.fs, 2, limit)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _is_agent(actor: Span, before: list[str]) -> bool:
    if _WEAPON_STEM.search(actor.folded):
        return True
    for word in before:
        forms = [word, *clitic_variants(word)]
        if not _AGENT_MARKERS.isdisjoint(forms):
            return True
        cue = _cue_of(word)
        verb = word[1:] if word[:1] in "وف" and word not in _VERB_CUES else word  # `واعتقلت قسد`
        if cue and verb in _VERB_CUES and verb not in _LOSE_VERBS and verb not in _INTRANSITIVE:
            return True
    return False


def _continues(ctx: DocContext, reading: CountReading) -> bool:
    """Does a count with no victim of its own speak of the people of the count before it: a bare
    number (`وإصابة 5`, `العشرات`) or `آخرين` with a noun that is not a generic `شخص`?"""
    words = reading.words
    following = ctx.words_after(reading.span.fe, 3, reading.span.fe + 30)
    if "عدد" in following:
        return False  # `ارتفع إلى 17 عدد العسكريين الذين ...`: its own people are named after it
    if following[:1] == ["من"] and len(following) > 1 and following[1] not in _SKIPPABLE \
            and following[1] not in _PEERS:
        return False  # `و9 من مسلحي العشائر`, `مقتل اثنين من أقارب القيادي`: a group of its own
                      # (`وإصابة العشرات من زملائهم`: more of the same people)
    nouns = [w for w in words if _number_word(w) is None and w not in _QUALIFIER_WORDS]
    if not nouns or all(w in _VAGUE_WORDS for w in nouns):
        return True
    if any(_noun(w).generic_person for w in nouns):
        return False
    return not (_OTHERS_INDEF.isdisjoint(words) and _OTHERS_INDEF.isdisjoint(following))


def _says_others(ctx: DocContext, reading: CountReading) -> bool:
    """`3 آخرين`, `عنصر ثالث`, `30 جندياً آخرين`: the count adds to people named before it."""
    following = ctx.words_after(reading.span.fe, 1, reading.span.fe + 20)
    return not (_OTHERS_INDEF.isdisjoint(reading.words[1:]) and _OTHERS_INDEF.isdisjoint(following))


def _number_word(word: str) -> object:
    return True if word.isdigit() or word in ("ال",) else _number_value(word)


def _listed(ft: str, a: CountReading, b: CountReading, ctx: DocContext, allow_cues: bool = False) -> bool:
    """Are counts a and b items of one list (`32 عنصراً من قوات النظام و11 من ...`)? With
    allow_cues, `و` + a cue word joins them too (`ومدفعين ومقتل 9 عناصر`)."""
    if a.sentence != b.sentence:
        return False
    gap = ft[a.span.fe : b.span.fs]
    words = _words(gap)
    if len(words) > 8 or "،" in gap:
        return False
    if any(_cue_of(w) for w in words):
        return allow_cues and len(words) == 1 and words[0][0] == "و"
    stripped = gap.rstrip()
    return stripped.endswith("و") or (bool(words) and words[-1] in ("و", "اضافه", "بالاضافه", "واضافه"))


def _fits_in(part: CountReading, whole: CountReading, siblings: Sequence[CountReading] = ()) -> bool:
    """Can `part` (with its earlier siblings) be a breakdown of `whole` by value?"""
    if whole.quantity.qualifier in ("vague", "at_least", "approx", "range"):
        return True
    total = whole.quantity.value
    values = [r.quantity.value for r in (part, *siblings) if r.quantity.value is not None]
    if total is None or len(values) <= len(siblings):  # (a value is unknown)
        return True
    return sum(values) <= total


def _by_fate(whole: CountReading, items: Sequence[CountReading]) -> bool:
    """Does a breakdown list say what happened to each item, other than its whole's category
    (`اختطف 25، أفرج عن 9 منهم`)? Only a cue of the item's own counts, not one far away."""
    return any(s.category and s.category != whole.category and s.category_from in ("left", "right", "noun", "clause")
               for s in items)


def _list_items(readings: list[CountReading], last: int) -> list[CountReading]:
    """The items of the list that ends with reading `last`, following `sibling_of` back."""
    items, seen = [], set()
    j: int | None = last
    while j is not None and j not in seen:
        seen.add(j)
        items.append(readings[j])
        j = readings[j].sibling_of
    return items


def _named_group(ctx: DocContext, readings: list[CountReading], i: int) -> int | None:
    """A count taken out of a group counted before, named by what happened to it: `أفرج عن 9 من
    المختطفين`, `مصير العشرات من الشبان المحتجزين`, `من بين الشهداء 9 مواطنين`, `وبين القتلى سائق`.
    The whole is the latest earlier count (not itself a breakdown) of that category that is large
    enough; None when there is none."""
    span = readings[i].span
    category = None
    after = ctx.words_after(span.fe, 3, span.fe + 40)
    if after[:1] == ["من"] and len(after) > 1 and after[1].startswith("ال"):
        named = [w for k, w in enumerate(after[1:]) if w.startswith("ال") and k < 2]  # noun and adjective
        category = next(filter(None, (_SPAN_NOUNS.get(f) or _cue_of(w) for w in named for f in _noun_forms(w))), None)
    if category is None:
        before = ctx.words_before(span.fs, 4, max(ctx.sentence_bounds(span.fs)[0], span.fs - 40))
        # (most counts have no بين before them: two list scans in C before any loop)
        among = [k for k, w in enumerate(before) if w in ("بين", "وبين")] if "بين" in before or "وبين" in before else ()
        if among:
            named = before[among[-1] + 1 :]
            category = next(filter(None, (_SPAN_NOUNS.get(f) or _cue_of(w) for w in named for f in _noun_forms(w))), None)
    if category is None:
        return None
    part = readings[i]
    for j in range(i - 1, -1, -1):
        whole = readings[j]
        if whole.part_of is None and whole.category == category and whole.unit == part.unit \
                and _fits_in(part, whole) and whole.span.fs >= ctx.body_start():
            return j
    return None


def _compatible(part: CountReading, whole: CountReading, siblings: Sequence[CountReading] = ()) -> bool:
    """Can `part` be a breakdown of `whole` by what it says? Civilians do not break down a count of
    fighters (nor the reverse), unless the breakdown already lists several groups; nor a count
    explicitly of one side's fighters (`127 من عناصر قوات النظام ...، إضافة إلى 18 مدنياً`)."""
    if part.victim == "CIVILIANS" and part.victim_how in ("civilian", "attached") and whole.victim_how == "attached" \
            and whole.victim not in (None, "UNKNOWN", "CIVILIANS"):
        return False
    explicit = part.victim_how in ("civilian", "attached")
    by_group = any(s.victim and s.victim != whole.victim for s in siblings)
    if explicit and whole.victim and part.victim != whole.victim and whole.victim != "UNKNOWN" and not by_group:
        return False
    # a breakdown by fate may name each item's own (`اختطف 25 ...، أفرج عن 9 منهم، ولا يزال مصير 16
    # آخرين مجهولاً`), not a new event's count (`قتل 5، وأصيب 3 آخرون`)
    if _people_in_a_state(part, whole):
        return True
    return _by_fate(whole, siblings) or not (part.category_from in ("noun", "right") and whole.category and part.category != whole.category)


def _people_in_a_state(part: CountReading, whole: CountReading) -> bool:
    """Does the breakdown's noun say who its people are, not what happened to them (`قتل 24، هم 13
    لاجئاً و8 نازحين`, `سلم 400 عنصر أنفسهم، بينهم عشرات الجرحى`)? Then it takes its whole's category."""
    if part.category_from != "noun":
        return False
    if part.category == "displaced":
        return whole.category not in (None, "displaced")
    return part.category == "injured" and whole.category in ("captured", "displaced", "missing", "other")


def _cue_after(ctx: DocContext, whole: CountReading, part: CountReading) -> bool:
    """Is there a category cue between the whole and its breakdown (`اعتقل 10، وأفرج عن 3 منهم`)?
    (People are not destroyed: `جراء التفجير` says nothing about their category.) Only the part's own
    list item counts: in `و22 ممن ... بعد التسوية، و13 من قوات النظام` the cue is the item before."""
    comma = ctx.ft.rfind("،", whole.span.fe, part.span.fs)
    own_item = comma >= 0  # (`، بينما لا يزال مصير العشرات منهم`: its own state)
    for word in ctx.words_in(comma if own_item else whole.span.fe, part.span.fs):
        cue = _cue_of(word)
        if not cue or (cue == "destroyed" and part.unit == "person"):
            continue
        # nouns that name people or a convoy (`لإسعاف الجرحى`, `ضمن القافلة`, `والنازحين`) describe
        # them; they do not say what happened to the breakdown
        if not own_item and any(f in _SPAN_NOUNS or f in _PEOPLE_CUES for f in _noun_forms(word)):
            continue
        return True
    return False
