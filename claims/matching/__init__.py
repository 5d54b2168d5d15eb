"""The similarity and relation engine: pure Python over plain data, no ORM inside.

ENGINE_VERSION is stored on every suggestion and every checked claim. Change it whenever the
extractors, keys, scores or thresholds change: the sweep then re-checks every claim, and
`suggest_links --workspace SLUG` re-checks one workspace at once.
"""

ENGINE_VERSION = "2026.12.2"
