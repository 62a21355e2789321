"""Entity types, the IOB2 label set and the fixed event vocabulary (SPEC sections 2 and 5)."""

ENTITY_TYPES = ("ACTOR", "COUNT", "LOC")
LABELS = ("O", "B-ACTOR", "I-ACTOR", "B-COUNT", "I-COUNT", "B-LOC", "I-LOC")
LABEL2ID = {label: i for i, label in enumerate(LABELS)}
ID2LABEL = dict(enumerate(LABELS))
IGNORE_INDEX = -100  # label of sub-words after the first, and of special tokens

CATEGORIES = ("killed", "injured", "captured", "missing", "displaced", "destroyed", "other")
QUALIFIERS = ("exact", "at_least", "at_most", "approx", "range", "vague")
SCOPES = ("new", "cumulative")
VICTIM_STATUSES = ("combatant", "civilian", "unknown")
SPECIAL_VICTIMS = ("CIVILIANS", "UNKNOWN")
