"""`python -m marsad ...`, which also makes `accelerate launch -m marsad extract ...` work."""

from marsad.cli import main

main()
