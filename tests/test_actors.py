"""Actor resolution: SPEC ids, Arabic variants, sub-units, long phrases and coreference."""

import pytest

from marsad.model.actors import actor_ids, default_registry, load_registry

SPEC_IDS = {
    "SDF": "QSD: Syrian Democratic Forces", "IS": "Islamic State (Syria)", "SYRIAN_GOV": "Military Forces of Syria",
    "NDF": "QDW: National Defense Forces", "RUSSIA": "Military Forces of Russia",
    "COALITION": "Military Forces of the United States", "TURKEY": "Military Forces of Turkey",
    "SNA": "SNA: Syrian National Army", "HTS": "HTS: Hayat Tahrir al Sham", "OPPOSITION": "Opposition Rebels (Syria)",
    "IRAN_MILITIAS": "Militia (Pro-Iran)", "HEZBOLLAH": "Hezbollah", "ISRAEL": "Military Forces of Israel",
    "YPG": "YPG: Peoples Protection Units", "LOCAL_GUNMEN": "Unidentified Armed Group (Syria)",
}


def test_every_spec_id_with_its_acled_name():
    registry = load_registry()
    assert set(SPEC_IDS) <= actor_ids()
    for actor_id, acled in SPEC_IDS.items():
        assert registry[actor_id]["acled_name"] == acled


@pytest.mark.parametrize(("mention", "actor_id"), [
    ("قوات سوريا الديمقراطية", "SDF"), ("قسد", "SDF"), ("لقسد", "SDF"), ("وقسد", "SDF"), ("(قسد)", "SDF"),
    ("مجلس دير الزور العسكري", "SDF"), ("بمجلس دير الزور العسكري", "SDF"),
    ("تنظيم “الدولة الإسلامية”", "IS"), ('تنظيم "الدولة الإسلامية"', "IS"), ("تنظيم «الدولة الإسلامية»", "IS"),
    ("داعش", "IS"), ("الدولة الاسلامية", "IS"), ("خلايا التنظيم", "IS"), ("تنظيم الدولة الإسلاميّة", "IS"),
    ("قوات النظام", "SYRIAN_GOV"), ("ولقوات النظام", "SYRIAN_GOV"), ("الفرقة الرابعة", "SYRIAN_GOV"),
    ("عناصر من قوات النظام", "SYRIAN_GOV"), ("قوات الدفاع الوطني", "NDF"),
    ("الطائرات الحربية الروسية", "RUSSIA"), ("طائرات حربية روسية", "RUSSIA"),
    ("طائرات التحالف الدولي", "COALITION"), ("بالتحالف الدولي", "COALITION"), ("القوات الأمريكية", "COALITION"),
    ("طائرة مسيرة تركية", "TURKEY"), ("الجيش التركي", "TURKEY"), ("الفصائل الموالية لتركيا", "SNA"),
    ("الجيش الوطني السوري", "SNA"), ("هيئة تحرير الشام", "HTS"), ("جبهة النصرة", "HTS"),
    ("الجبهة الوطنية للتحرير", "OPPOSITION"), ("الميليشيات الموالية لإيران", "IRAN_MILITIAS"),
    ("الحرس الثوري الإيراني", "IRAN_MILITIAS"), ("حزب الله", "HEZBOLLAH"), ("كتائب حزب الله", "IRAN_MILITIAS"),
    ("الطائرات الإسرائيلية", "ISRAEL"), ("وحدات حماية الشعب", "YPG"), ("مسلحون مجهولون", "LOCAL_GUNMEN"),
    ("مجهولين", "LOCAL_GUNMEN"), ("المرصد السوري لحقوق الإنسان", None), ("المدنيين", None),
])
def test_mentions_resolve_on_their_own(mention, actor_id):
    assert default_registry().resolve_mentions([mention]) == [actor_id]


def test_coreference_words_point_back():
    registry = default_registry()
    # the latter is the actor named last before it
    assert registry.resolve_mentions(["قسد", "التنظيم", "الأخير"]) == ["SDF", "IS", "IS"]
    assert registry.resolve_mentions(["التحالف الدولي", "قسد", "الأخيرة"]) == ["COALITION", "SDF", "SDF"]
    # التنظيم is the organisation named before it, IS when none is
    assert registry.resolve_mentions(["تنظيم حراس الدين", "قوات النظام", "التنظيم"])[-1] == "HURRAS_AL_DIN"
    assert registry.resolve_mentions(["قوات النظام", "للتنظيم"]) == ["SYRIAN_GOV", "IS"]
    assert registry.resolve_mentions(["هيئة تحرير الشام", "قوات النظام", "الهيئة"])[-1] == "HTS"
    # الفصائل are the factions named before: SNA in the north, opposition otherwise
    assert registry.resolve_mentions(["الجيش الوطني", "قسد", "الفصائل"])[-1] == "SNA"
    assert registry.resolve_mentions(["الفصائل"]) == ["OPPOSITION"]
    assert registry.resolve_mentions(["الأخير"]) == [None]
