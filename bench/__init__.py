"""Kith's benchmarks, run with `make bench` (`python -m bench`), never inside the test suite.

Groups:

- ``seed``: seed 100,000 children into PostgreSQL and into SQLite, once each, and report how
  long the seed took (the databases and timings are reused by later runs; ``--reseed`` redoes them).
- ``pages``: serve the PostgreSQL bench database under gunicorn and measure the child record,
  "My work" and search pages with 20 concurrent clients, each beside a trivial Django page.

Results go to ``var/bench/results.json`` in the format DESIGN.md describes.
"""
