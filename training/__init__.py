"""marsad.training: `marsad train` / `marsad evaluate` / `marsad push`."""
