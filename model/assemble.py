"""The event layer: from spans (a model's, gold, or another tagger's) to a SPEC section 5 Document.

    from marsad.model.assemble import assemble
    doc = assemble(text, [{"label": "COUNT", "start": 120, "end": 129}, ...], id="r1", date="2018-10-28")
    doc.model_dump()   # exactly the SPEC section 5 record

Entities are dicts or objects with `label`, `start`, `end` (offsets into `text`, end exclusive) and an
optional `score`; IOB prefixes (B-/I-) on labels are tolerated. The steps:
- actors: ids for ACTOR spans, coreference resolved (model/actors.py);
- locations: gazetteer, qualifiers, geo_precision (model/locations.py);
- counts: value, unit, category, victim, scope, breakdowns (model/counts.py);
- events: clauses with ACLED types, actors, place, counts, fatalities, date (model/events.py);
- fatalities: new deaths by victim, each death once (a breakdown never adds to its whole, running
  totals never add). A whole whose victim is unknown passes the deaths of breakdowns that name
  their victim on to those victims.
Everything is built from tables loaded once per process; no file is read per call.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date as Date
from functools import lru_cache
from typing import Any

from marsad.model.actors import ActorRegistry, default_registry
from marsad.model.context import DocContext, make, maker
from marsad.model.counts import CountReader
from marsad.model.events import build_events, charge_new_deaths
from marsad.model.locations import LocationResolver
from marsad.model.schema import Actor, Count, Document, Entity, Fatalities


@lru_cache(maxsize=1)
def _layer() -> tuple[ActorRegistry, LocationResolver, CountReader]:
    registry = default_registry()
    return registry, LocationResolver(), CountReader(registry)


def assemble(text: str, entities: Sequence[Any], *, id: str | None = None, date: str | Date | None = None
             ) -> Document:
    """Build the Document for one report from its spans (see the module docstring)."""
    registry, resolver, reader = _layer()
    ctx = DocContext(text, entities)
    entity = maker(Entity)
    ids = registry.resolve_mentions([span.text for span in ctx.actor_spans])
    actor_ids = {span.entity_index: actor_id for span, actor_id in zip(ctx.actor_spans, ids)}
    locations = resolver.resolve(ctx)
    counts = reader.read(ctx, actor_ids)
    report_date = date.isoformat() if isinstance(date, Date) else date
    events = build_events(ctx, counts, actor_ids, locations, report_date)
    return make(Document,
        id=None if id is None else str(id),
        entities=[
            entity({"label": s.label, "start": s.start, "end": s.end, "text": s.text, "score": s.score})
            for s in ctx.spans
        ],
        actors=_actors(registry, ctx, actor_ids),
        locations=locations,
        counts=counts,
        events=events,
        fatalities=fatalities_by_victim(counts),
    )


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a batch of reports is assembled.

    `assemble` makes no reference cycles (everything it builds is freed by reference counting), but
    the Documents a batch keeps make the collector walk every long-lived object again and again
    (the corpus, the gazetteer): about a tenth of a batch's time. Collection resumes, and catches
    up, when the batch ends. A caller that had turned the collector off keeps it off."""
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _actors(registry: ActorRegistry, ctx: DocContext, actor_ids: dict[int, str | None]) -> list[Actor]:
    mentions: dict[str, list[tuple[int, int]]] = {}
    for span in ctx.actor_spans:
        actor_id = actor_ids.get(span.entity_index)
        if actor_id:
            mentions.setdefault(actor_id, []).append((span.start, span.end))
    out = []
    for actor_id, spans in mentions.items():
        info = registry.actor(actor_id)
        out.append(make(Actor, id=actor_id, name=info.name, acled_name=info.acled_name, mentions=spans))
    return out


def fatalities_by_victim(counts: list[Count]) -> Fatalities:
    """New deaths by victim, each death once; a breakdown with a known victim is charged to it when
    its whole's victim is unknown."""

    def child_victim(child: int, victim: str) -> str:
        own = counts[child].victim
        return victim if own in (None, "UNKNOWN") or victim != "UNKNOWN" else own

    shares = charge_new_deaths(counts, root_key=lambda i: counts[i].victim or "UNKNOWN", child_key=child_victim)
    by_victim = {victim: int(value) for victim, value in shares.items() if value > 0}
    return make(Fatalities, by_victim=by_victim, total=sum(by_victim.values()))


