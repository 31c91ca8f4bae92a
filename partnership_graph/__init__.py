"""partnership-graph: who leads what among community-safety and safeguarding partnerships.

Kept import-light on purpose: the CLI imports this package on every call, so heavy
libraries (pydantic, networkx, neo4j) load only where a command needs them.
"""

__version__ = "0.1.0"
