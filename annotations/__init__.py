"""marsad.annotations: the annotated corpus and the code that reads, validates, converts and exports it."""
