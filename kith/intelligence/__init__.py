"""Partnership intelligence: partner feeds, record linkage and the explainable vulnerability matrix.

This package is the analytics side of Kith. It imports no Django (and nothing from Kith's Django
apps): it reads an export of Kith's people (Parquet written by `kith.partnership`) and the partner
agencies' feed files, and hands its results to a `ResultSink` (kith.intelligence.sink) - the one
narrow interface through which anything goes back into Kith. A test imports every module here in
a fresh interpreter and checks Django never loads.

The same code runs on DuckDB (the embedded default) and on Apache Spark: every transform is an
Ibis expression and the linkage is Splink, both of which compile to either engine. Only
`engine.py` knows which engine it is talking to.

- `feeds`: the registry of partner feeds (schema, lawful basis, owning agency, retention).
- `export`: the declared schema of Kith's export.
- `engine`: DuckDB or Spark behind one small interface; datasets as Parquet directories.
- `load`: loading a feed file (reject, quarantine, idempotent) and removing data past retention.
- `linkage`: Splink linkage of partner records to Kith's people, with a review queue.
- `matrix`: the vulnerability matrix (factors with provenance, patterns in words).
- `cohorts`: early help cohorts and the equity report.
- `pipeline`: the stages in order, with progress and timings.
- `synthetic`: deterministic noisy partner feeds made from a Kith export, with the true links.
"""
