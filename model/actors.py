"""Actor registry (model/data/actors.yaml) and the resolution of ACTOR mentions to actor ids.

`ActorRegistry.resolve_mentions(["قسد", "التنظيم", "الأخير"])` -> ["SDF", "IS", "IS"].

A mention is resolved in this order:
1. an alias, after folding (model/folding.py), with the proclitics و/ب/ل/ف/ك and the article ال
   tolerated: `للتنظيم` reads as `التنظيم`, `“داعش”` as `داعش`;
2. the longest alias found inside a longer phrase: `طائرات التحالف الدولي` -> COALITION,
   `عناصر من قوات النظام` -> SYRIAN_GOV;
3. a nationality adjective: `طائرات حربية روسية` -> RUSSIA;
4. a coreference word, resolved against the actors named before it: `الأخير` is the actor named last;
   `التنظيم`, `الهيئة`, `الفصائل`, `الميليشيات` ... are the latest earlier actor of that kind, else
   the registry's default (`coref:` in actors.yaml).
Sub-units are aliases of the id that events report (مجلس دير الزور العسكري -> SDF).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from marsad.model.folding import clitic_variants, lookup_key, strip_article


@lru_cache(maxsize=1)
def load_registry() -> dict[str, dict[str, Any]]:
    text = resources.files("marsad.model").joinpath("data/actors.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["actors"]


def actor_ids() -> set[str]:
    return set(load_registry())


@dataclass(frozen=True)
class ActorInfo:
    id: str
    name: str
    acled_name: str


LATTER_WORDS = {lookup_key(w) for w in ("الأخير", "الأخيرة", "هذا الأخير", "هذه الأخيرة", "الاخير")}
# Coreference words whose referent is any earlier actor of a family, not only one with the same word.
_FAMILIES = {
    "فصايل": {"SNA", "OPPOSITION"},
    "كتايب": {"OPPOSITION"},
    "فصيل": {"SNA", "OPPOSITION"},
    "معارضه": {"OPPOSITION", "SNA"},
    "ميليشيات": {"IRAN_MILITIAS", "HEZBOLLAH", "NDF", "LIWA_AL_QUDS"},
    "مليشيات": {"IRAN_MILITIAS", "HEZBOLLAH", "NDF", "LIWA_AL_QUDS"},
    "ميليشيا": {"IRAN_MILITIAS", "HEZBOLLAH", "NDF", "LIWA_AL_QUDS"},
    "جيش": {"SYRIAN_GOV", "TURKEY", "ISRAEL", "SNA"},
    "تنظيم": {"IS", "HURRAS_AL_DIN"},
    "هييه": {"HTS"},
    "خلايا": {"IS", "LOCAL_GUNMEN"},
}
# Stems that refer back to an earlier actor whose mention contains them, with no default referent.
_STEM_ONLY = {"قوات", "مجلس", "حركه", "لواء", "فرقه", "جبهه", "فيلق", "قوي"}


class ActorRegistry:
    """Alias tables built once from actors.yaml; lookups are memoised."""

    def __init__(self, registry: dict[str, dict[str, Any]]):
        self.info: dict[str, ActorInfo] = {}
        self._exact: dict[str, str] = {}
        self._bare: dict[str, str] = {}  # every word without its article
        self._adjectives: dict[str, str] = {}
        self._coref_default: dict[str, str] = {}  # bare coreference stem -> default id
        self._mention_words: dict[str, frozenset[str]] = {}  # memo: the bare words of a mention
        parents = {aid: spec.get("parent") for aid, spec in registry.items()}
        for aid, spec in registry.items():
            target = parents.get(aid) or aid
            self.info[aid] = ActorInfo(aid, spec["name"], spec["acled_name"])
            for alias in [*spec.get("aliases", []), spec["name"]]:
                self._add_alias(str(alias), target)
            for adjective in spec.get("adjectives", []):
                self._adjectives[_bare_key(lookup_key(adjective))] = target
            for word in spec.get("coref", []):
                self._coref_default.setdefault(_bare_key(lookup_key(word)), target)
        self._vocab = {w for key in self._bare for w in key.split()}
        self._max_words = max(len(k.split()) for k in self._bare)
        self._memo: dict[str, tuple[str | None, str | None]] = {}

    def _add_alias(self, alias: str, target: str) -> None:
        key = lookup_key(alias)
        if not key:
            return
        self._exact.setdefault(key, target)
        self._bare.setdefault(_bare_key(key), target)

    def actor(self, actor_id: str) -> ActorInfo:
        return self.info[actor_id]

    def name_words(self) -> set[str]:
        """Every folded word, without ال, of the aliases, nationality adjectives and coreference words."""
        words = set(self._vocab) | set(self._adjectives)
        return words | {strip_article(w) for key in [*self._coref_default, *LATTER_WORDS] for w in key.split()}

    def adjective(self, word: str) -> str | None:
        """The id a nationality adjective names (`تركي`, `روسية` -> TURKEY, RUSSIA), folded input."""
        return self._adjectives.get(strip_article(word))

    # --- context-free lookup ---------------------------------------------------------------------
    def lookup(self, mention: str) -> str | None:
        """The id of a mention on its own (no coreference), or None."""
        return self._classify(mention)[0]

    def _classify(self, mention: str) -> tuple[str | None, str | None]:
        """(id, None) for a name; (None, coreference stem) for a word that points back; else (None, None)."""
        cached = self._memo.get(mention)
        if cached is None:
            if len(self._memo) > 100_000:  # memo tables stay bounded in long runs
                self._memo.clear()
            cached = self._memo[mention] = self._classify_uncached(mention)
        return cached

    def _classify_uncached(self, mention: str) -> tuple[str | None, str | None]:
        key = lookup_key(mention)
        if not key:
            return None, None
        words = key.split()
        for first in [words[0], *clitic_variants(words[0])]:
            candidate = " ".join([first, *words[1:]])
            if candidate in self._exact:
                return self._exact[candidate], None
            if candidate in LATTER_WORDS:
                return None, "latter"
            bare = _bare_key(candidate)
            if bare in self._coref_default or (len(words) == 1 and bare in _STEM_ONLY):
                return None, bare
            if bare in self._bare:
                return self._bare[bare], None
        found = self._longest_alias_inside(words)
        if found:
            return found, None
        bare_words = [self._vocab_form(w) for w in words]
        for word in bare_words:
            if word in self._adjectives:
                return self._adjectives[word], None
        for word in bare_words:
            if word in self._coref_default:
                return None, word
        return None, None

    def _vocab_form(self, word: str) -> str:
        """The bare form of a word, with a proclitic removed when that makes it an alias word."""
        bare = strip_article(word)
        if bare in self._vocab or bare in self._adjectives or bare in self._coref_default:
            return bare
        for variant in clitic_variants(word):
            vb = strip_article(variant)
            if vb in self._vocab or vb in self._adjectives or vb in self._coref_default:
                return vb
        return bare

    def _longest_alias_inside(self, words: list[str]) -> str | None:
        bare_words = [self._vocab_form(w) for w in words]
        for size in range(min(len(bare_words), self._max_words), 0, -1):
            for i in range(len(bare_words) - size + 1):
                hit = self._bare.get(" ".join(bare_words[i : i + size]))
                if hit:
                    return hit
        return None

    # --- in a document ---------------------------------------------------------------------------
    def resolve_mentions(self, mentions: Sequence[str]) -> list[str | None]:
        """Ids for mentions in document order, with coreference resolved against earlier mentions."""
        resolved: list[str | None] = []
        history: list[tuple[str, frozenset[str]]] = []  # (id, bare words of its mention), oldest first
        for mention in mentions:
            actor_id, stem = self._classify(mention)
            if actor_id is None and stem is not None:
                actor_id = self._resolve_coref(stem, history)
            resolved.append(actor_id)
            if actor_id is not None:
                words = self._mention_words.get(mention)
                if words is None:
                    if len(self._mention_words) > 100_000:
                        self._mention_words.clear()
                    words = self._mention_words[mention] = frozenset(
                        strip_article(w) for w in lookup_key(mention).split())
                history.append((actor_id, words))
        return resolved

    def _resolve_coref(self, stem: str, history: list[tuple[str, frozenset[str]]]) -> str | None:
        if stem == "latter":
            return history[-1][0] if history else None
        head = stem.split()[0]
        # an earlier mention with the same word first (`الميليشيات الإيرانية وحزب الله ... عناصر
        # الميليشيات`), then the latest actor of the word's family
        for actor_id, words in reversed(history):
            if head in words:
                return actor_id
        family = _FAMILIES.get(head, set())
        for actor_id, _words in reversed(history):
            if actor_id in family:
                return actor_id
        return self._coref_default.get(stem) or self._coref_default.get(head)


def _bare_key(key: str) -> str:
    return " ".join(strip_article(w) for w in key.split())


@lru_cache(maxsize=1)
def default_registry() -> ActorRegistry:
    return ActorRegistry(load_registry())
