"""Partnership intelligence in the web application: the Django side of `kith.intelligence`.

This app exports Kith's people for the pipeline, runs it (from the command line or as a
background task, with progress on the page), takes its results back through the one narrow
interface (`sink.DjangoSink`), and shows them: the partner feeds and their loads, the review
queue of uncertain links, a child's vulnerability profile, cohorts for early help
conversations and the equity report.
"""
