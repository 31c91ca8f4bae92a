"""Input -> GraphDocument: the bundled geography and the lookup skeleton (``skeleton.py``), and
user datasets laid over a base document (``dataset.py``). The dated national skeleton, the usual
base, is assembled above both loaders and changes, in ``partnership_graph.national``."""
