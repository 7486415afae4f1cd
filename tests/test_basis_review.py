"""#37: ten findings drawn at random from the corpus run, each with the basis it cites, read by
an office reader (tests/basis_review/verdicts.yaml): each must be forwardable as it stands. A
change that alters the sample or a basis needs the reader again (bench/basis_review.py)."""
from __future__ import annotations

import sys

import yaml

from .conftest import ROOT

sys.path.insert(0, str(ROOT))
from bench import basis_review  # noqa: E402


def test_every_sampled_basis_was_read_and_is_forwardable():
    verdicts = {(v["report"], v["rule"]): v for v in
                yaml.safe_load(basis_review.VERDICTS.read_text("utf-8"))["verdicts"]}
    for finding in basis_review.sample():
        verdict = verdicts.get((finding["report"], finding["rule"]))
        assert verdict, f"no reader's verdict on {finding['report']} {finding['rule']}: run bench/basis_review.py --sample"
        assert verdict["forwardable"], (finding["rule"], verdict["why"])


def test_every_firing_of_the_gongwen_checks_on_the_corpus_is_labelled_and_right():
    """#37: a 公文 check that raises a finding a reviewer would object to on a real report is a
    false alarm; every firing on the corpus is listed (bench/basis_review.py --new) and labelled."""
    labels = basis_review.labels()
    for finding in basis_review.new_check_firings():
        label = labels.get((finding["report"], finding["rule"], finding["excerpt"]))
        assert label, f"unlabelled: {finding['report']} {finding['rule']} 「{finding['excerpt']}」"
        assert label["right"], (finding["report"], finding["rule"], label["why"])
