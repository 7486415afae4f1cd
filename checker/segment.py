"""jieba, tamed once: own Tokenizer with a compact dictionary (data/jieba-compact.txt: the
80,000 most frequent words, loaded in a tenth of the time), quiet, cache in our own
folder, loaded only on first use.

Only word-level rules (comparing shortcomings with plan items) call `words()`; a run
whose rules need no words never imports jieba and never pays its dictionary load.
"""
from __future__ import annotations

import logging
import re
import threading
import warnings
from importlib.resources import files
from typing import Iterable

from .paths import cache_dir

_lock = threading.Lock()
_tokenizer = None
_added: set[str] = set()
_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")


def _get():
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import jieba
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer(dictionary=str(files("checker.data").joinpath("jieba-compact.txt")))
            tokenizer.tmp_dir = cache_dir()
            tokenizer.initialize()
            _tokenizer = tokenizer
        return _tokenizer


def load() -> None:
    """Load the dictionary and the model for unknown words now (before forking children
    that will segment text)."""
    _get().lcut("预热分词模型", HMM=True)


def add_words(words: Iterable[str]) -> None:
    new = [w for w in words if w and w not in _added]
    if not new:
        return
    tokenizer = _get()
    with _lock:
        for word in new:
            tokenizer.add_word(word)
            _added.add(word)


def words(text: str) -> list[str]:
    """Content words: Han-only tokens of two or more characters."""
    return [w for w in _get().lcut(text, HMM=True) if _HAN_WORD.match(w)]
