"""The place gazetteer: Syria's admin levels 1-3 (OCHA p-codes) plus curated localities and regions.

Data (model/data/gazetteer/):
- gazetteer.json: a compact copy of OpenSyria's data-geography governorates, districts and
  subdistricts (Arabic names and aliases, p-codes, centroids, parents), CC BY 4.0; attribution to
  OpenSyria and its upstream sources (OCHA/HDX COD, GeoNames, Wikidata, geoBoundaries) is kept in
  ATTRIBUTION.md, LICENSE.md, SOURCE.md and sources.json next to it. Rebuild it with
  `python -m marsad.model.gazetteer build /path/to/open-syria`.
- localities.yaml: often-reported villages, towns, neighbourhoods, camps, sites and regions that
  admin levels 1-3 do not name, written for marsad with approximate coordinates (each record says
  its source).

Names are matched on a folded key (model/folding.py: أ/إ/آ -> ا, ة -> ه, ى -> ي, no tashkeel or
quotes), with or without the article ال, without generic heads (مركز، ناحية، منطقة، محافظة، مدينة،
بلدة، قرية ...), without proclitics (وهجين، بحلب) and without spaces (كفرنبل = كفر نبل).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from marsad.model.folding import clitic_variants, lookup_key, strip_article

LEVELS = ("governorate", "district", "subdistrict", "locality", "region")
# When one name fits several places, prefer the governorate (حلب، دير الزور), then the town a
# subdistrict is named after (منبج، هجين), then the district, then curated places.
_LEVEL_PRIORITY = {"governorate": 0, "subdistrict": 1, "district": 2, "locality": 3, "region": 4}
GENERIC_HEADS = tuple(
    lookup_key(w)
    for w in ("مركز", "ناحية", "منطقة", "محافظة", "مدينة", "بلدة", "قرية", "قرى", "مدينتي", "بلدات", "بلدتي",
              "قريتي", "مزرعة", "مزارع", "حي", "أحياء", "مخيم", "مخيمات", "ضاحية")
)
# Aliases in the upstream data that name something else in conflict reports (a prison, a region).
_DROPPED_ALIASES = {lookup_key(w) for w in (
    "السجن", "ناحية السجن", "حيالين", "مركزها السقيلبية", "الغوطة الشرقية", "ناحية الغوطة الشرقية",
    "الغوطة الغربية", "ناحية الغوطة الغربية", "حرمون", "ناحية حرمون", "الحصان", "ناحية الحصان", "ريف دمشق",
)}
CURATED_SOURCE = "marsad curated; approximate coordinates"
_ARABIC = re.compile(r"[\u0600-\u06ff]")


@dataclass(frozen=True)
class Place:
    id: str  # the p-code, or `loc:<english-name>` for curated places
    pcode: str | None  # OCHA p-code (admin levels 1-3 only)
    level: str
    name: str  # English name
    name_ar: str
    lat: float | None
    lon: float | None
    admin1: str | None  # p-codes of the containing units (the place itself at its own level)
    admin2: str | None
    admin3: str | None
    source: str


class Gazetteer:
    def __init__(self, places: list[Place], keys: dict[str, list[str]], ambiguous: Sequence[str] = ()):
        self.places = places
        self.ambiguous_keys = {_bare(_strip_heads(lookup_key(name))) for name in ambiguous}
        self.by_id = {p.id: p for p in places}
        self.by_pcode = {p.pcode: p for p in places if p.pcode}
        self._index: dict[str, list[Place]] = {}
        for place in places:
            for name in keys.get(place.id, []):
                for key in _index_keys(name):
                    bucket = self._index.setdefault(key, [])
                    if place not in bucket:
                        bucket.append(place)
        for bucket in self._index.values():
            bucket.sort(key=lambda p: _LEVEL_PRIORITY[p.level])
        self._memo: dict[str, list[Place]] = {}
        self._ambiguous_memo: dict[str, bool] = {}

    def name_keys(self) -> list[str]:
        """Every folded lookup key of the index (names with and without heads and ال)."""
        return list(self._index)

    def admin_name(self, pcode: str | None) -> str | None:
        place = self.by_pcode.get(pcode) if pcode else None
        return place.name if place else None

    def governorates(self) -> list[Place]:
        return [p for p in self.places if p.level == "governorate"]

    def is_ambiguous(self, mention: str) -> bool:
        """A name several places share (`الحميدية`): it needs the report to place it."""
        cached = self._ambiguous_memo.get(mention)
        if cached is None:
            key = _bare(_strip_heads(lookup_key(mention)))
            cached = key in self.ambiguous_keys or any(
                _bare(_strip_heads(" ".join([v, *key.split()[1:]]))) in self.ambiguous_keys
                for v in _loc_clitics(key.split()[0] if key else ""))
            if len(self._ambiguous_memo) > 100_000:
                self._ambiguous_memo.clear()
            self._ambiguous_memo[mention] = cached
        return cached

    def candidates(self, mention: str) -> list[Place]:
        """Places a mention may name, best first; [] when unknown."""
        cached = self._memo.get(mention)
        if cached is None:
            if len(self._memo) > 100_000:  # memo tables stay bounded in long runs
                self._memo.clear()
            cached = self._memo[mention] = self._candidates(lookup_key(mention))
        return cached

    def _candidates(self, key: str) -> list[Place]:
        if not key:
            return []
        words = key.split()
        forms = [key]
        forms += [" ".join([v, *words[1:]]) for v in _loc_clitics(words[0])]
        for form in forms:
            for variant in (form, _strip_heads(form)):
                if not variant:
                    continue
                for lookup in (variant, _bare(variant), _bare(variant).replace(" ", "")):
                    hit = self._index.get(lookup)
                    if hit:
                        return hit
        return []


def _loc_clitics(word: str) -> list[str]:
    """Proclitics before a place name: و، ب، ل and their pairs (`وبحلب`), not ف/ك, which begin many
    names (`فاطمة` is not `أطمة`)."""
    return [v for v in clitic_variants(word) if not (word.startswith(("ف", "ك")) and not word.startswith(("فب", "فل")))]


def _strip_heads(key: str) -> str:
    words = key.split()
    while len(words) > 1 and words[0] in GENERIC_HEADS:
        words = words[1:]
    return " ".join(words)


def _bare(key: str) -> str:
    return " ".join(strip_article(w) for w in key.split())


def _index_keys(name: str) -> set[str]:
    key = lookup_key(name)
    if not key:
        return set()
    keys = {key, _strip_heads(key)}
    keys |= {_bare(k) for k in list(keys)}
    keys |= {k.replace(" ", "") for k in list(keys) if " " in k}
    return {k for k in keys if k}


# --- loading --------------------------------------------------------------------------------------
def _data_file(name: str) -> str:
    return resources.files("marsad.model").joinpath(f"data/gazetteer/{name}").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    admin = json.loads(_data_file("gazetteer.json"))
    curated = yaml.safe_load(_data_file("localities.yaml"))
    places, keys = _admin_places(admin)
    more_places, more_keys = _curated_places(curated, {p.pcode for p in places if p.pcode is not None})
    return Gazetteer(places + more_places, keys | more_keys, curated.get("ambiguous", []))


def _admin_places(admin: dict[str, Any]) -> tuple[list[Place], dict[str, list[str]]]:
    places, keys = [], {}
    source = admin["source"]
    for rec in admin["places"]:
        pcode, level = rec["pcode"], rec["level"]
        admin1 = pcode[:4]
        admin2 = pcode[:6] if level in ("district", "subdistrict") else None
        admin3 = pcode if level == "subdistrict" else None
        places.append(Place(pcode, pcode, level, rec["en"], rec["ar"], rec["lat"], rec["lon"], admin1, admin2,
                            admin3, source))
        keys[pcode] = [rec["ar"], *rec.get("aliases", [])]
    return places, keys


def _curated_places(data: dict[str, Any], pcodes: set[str]) -> tuple[list[Place], dict[str, list[str]]]:
    places, keys = [], {}
    default_source = data.get("source", CURATED_SOURCE)
    for rec in data["places"]:
        admin1, admin2 = rec.get("admin1"), rec.get("admin2")
        for code in (admin1, admin2):
            if code is not None and code not in pcodes:
                raise ValueError(f"localities.yaml: {rec['ar']}: unknown p-code {code}")
        level = "region" if rec.get("kind") == "region" else "locality"
        place_id = "loc:" + rec["en"]
        places.append(Place(place_id, None, level, rec["en"], rec["ar"], rec.get("lat"), rec.get("lon"), admin1,
                            admin2, None, rec.get("source", default_source)))
        keys[place_id] = [rec["ar"], *rec.get("aliases", [])]
    return places, keys


# --- building gazetteer.json from OpenSyria -------------------------------------------------------
def build_admin_data(source_dir: str | Path) -> dict[str, Any]:
    """Compact admin levels 1-3 from OpenSyria's governorates/districts/subdistricts.json."""
    source_dir = Path(source_dir)
    places = []
    for level, filename in (("governorate", "governorates.json"), ("district", "districts.json"),
                            ("subdistrict", "subdistricts.json")):
        for rec in json.loads((source_dir / filename).read_text(encoding="utf-8")):
            aliases: list[str] = []
            for alias in rec.get("aliases", []):
                value = alias["value"].strip()
                wanted = alias.get("language") == "ar" and _ARABIC.search(value)
                if wanted and lookup_key(value) not in _DROPPED_ALIASES and value not in aliases and value != rec["name"]["ar"]:
                    aliases.append(value)
            centroid = rec.get("centroid") or {}
            places.append({
                "pcode": rec["externalIds"]["ochaPcode"], "level": level, "en": rec["name"]["en"],
                "ar": rec["name"]["ar"], "aliases": aliases,
                "lat": round(centroid["latitude"], 5) if "latitude" in centroid else None,
                "lon": round(centroid["longitude"], 5) if "longitude" in centroid else None,
            })
    places.sort(key=lambda p: p["pcode"])
    return {
        "source": "OpenSyria data-geography (CC BY 4.0), from OCHA/HDX COD-AB, GeoNames, Wikidata, geoBoundaries",
        "license": "CC BY 4.0 (see LICENSE.md and ATTRIBUTION.md in this folder)",
        "places": places,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] != "build":
        print("usage: python -m marsad.model.gazetteer build /path/to/open-syria", file=sys.stderr)
        return 2
    data = build_admin_data(argv[1])
    out = Path(__file__).resolve().parent / "data" / "gazetteer" / "gazetteer.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = ",\n".join(json.dumps(p, ensure_ascii=False) for p in data["places"])
    header = json.dumps({k: v for k, v in data.items() if k != "places"}, ensure_ascii=False)[:-1]
    out.write_text(header + ', "places": [\n' + lines + "\n]}\n", encoding="utf-8")
    print(f"wrote {len(data['places'])} places to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
