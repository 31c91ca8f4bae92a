"""`python -m partnership_graph` runs the CLI (the same as the `partnership-graph` script)."""

from partnership_graph.cli import main

main()
