"""The output of `extract` / `assemble`: one Document per report, exactly the SPEC section 5 JSON.

`Document.model_dump()` is the record written by `marsad extract --format json|jsonl`. Offsets always
point into the user's original text (end exclusive). Events carry one addition to the SPEC example,
`date` (ISO date or null), resolved from the report date and relative words (اليوم، أمس ...).
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Entity(BaseModel):
    label: str
    start: int
    end: int
    text: str
    score: float | None = None


class Actor(BaseModel):
    id: str
    name: str
    acled_name: str
    mentions: list[tuple[int, int]] = Field(default_factory=list)


class AdminRef(BaseModel):
    pcode: str
    name: str


class Location(BaseModel):
    start: int
    end: int
    text: str
    name: str | None = None
    level: str | None = None  # governorate, district, subdistrict, locality, region
    pcode: str | None = None
    admin1: AdminRef | None = None
    admin2: AdminRef | None = None
    admin3: AdminRef | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    qualifiers: list[str] = Field(default_factory=list)


class Count(BaseModel):
    start: int
    end: int
    text: str
    value: float | int | None = None
    low: float | int | None = None
    high: float | int | None = None
    qualifier: str = "exact"
    unit: str = "person"
    category: str = "other"
    victim: str = "UNKNOWN"
    victim_status: str = "unknown"
    scope: str = "new"
    part_of: int | None = None


class Event(BaseModel):
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    location: int | None = None
    counts: list[int] = Field(default_factory=list)
    fatalities: int = 0
    span: tuple[int, int]
    confidence: float = 0.0
    date: str | None = None


class Fatalities(BaseModel):
    by_victim: dict[str, int] = Field(default_factory=dict)
    total: int = 0


class Document(BaseModel):
    id: str | None = None
    entities: list[Entity] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    counts: list[Count] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    fatalities: Fatalities = Field(default_factory=Fatalities)
