"""Exporters: html, graphml, gexf, json, csv, cypher and protocol drafts (coming with the outputs issue)."""
