"""The tools of the team's gold corpora in ``corpora/`` (see corpora/README.md), run from the
repository root:

- ``python -m benchmarks.corpus.annotate``: renders every article of :mod:`benchmarks.corpus.articles`
  (types in :mod:`benchmarks.corpus.spec`) into its folder, with ``meta.toml`` and ``annotations.json``;
- ``python -m benchmarks.corpus.evaluate``: scores mtcheck's alignment and checks against that gold;
- ``python -m benchmarks.corpus.review``: merges new findings on the founding example into its hand review.

:mod:`benchmarks.corpus.gold` reads the gold annotations and maps them onto any segmentation; the tests
use it and the evaluation too.
"""
