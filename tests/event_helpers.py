"""Shared by the event-layer tests: run `assemble` on inline markup and read its count facts."""

from marsad.annotations.corpus import parse_markup
from marsad.model.assemble import assemble


def run(markup, date="2020-05-10"):
    text, spans = parse_markup(markup)
    return assemble(text, spans, id="t", date=date)


def facts(doc):
    return [(c.value, c.category, c.victim, c.scope, c.part_of) for c in doc.counts]
