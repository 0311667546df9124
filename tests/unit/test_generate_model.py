"""The answer model: shipped weights match the parser's vectors; the sparse part stands alone."""
from __future__ import annotations

import numpy as np

from quizapp.core.generate.features import CONTEXT_PARTS, context_vector
from quizapp.core.generate.pipeline import analyse
from quizapp.core.generate.weights import MODEL, Model


def test_shipped_dense_weights_fit_the_context_vector() -> None:
    """One dense weight per component of the context vector the loaded pipeline makes."""
    analysis = analyse("Marie Curie won the Nobel Prize in Stockholm in 1903.")
    sent = analysis.content[0]
    answer = analysis.answers[sent.index][0]
    vector = context_vector(answer, sent)
    assert vector is not None
    width = sent.span.doc.tensor.shape[1]
    assert vector.shape == (len(CONTEXT_PARTS) * width,)
    assert MODEL.dense.shape == vector.shape
    assert np.isfinite(vector).all()


def test_context_vector_depends_on_the_answer() -> None:
    """Two answers of one sentence get different vectors (it is not the sentence alone)."""
    analysis = analyse("Marie Curie won the Nobel Prize in Stockholm in 1903.")
    sent = analysis.content[0]
    first, second = analysis.answers[sent.index][:2]
    a, b = context_vector(first, sent), context_vector(second, sent)
    assert a is not None and b is not None
    assert not np.allclose(a, b)


def test_logit_without_a_vector_is_the_sparse_sum() -> None:
    """A pipeline without tok2vec vectors still scores with the sparse features."""
    model = Model(sparse={"bias": -1.0, "kind:date": 0.5}, dense=np.ones(4))
    assert model.logit(["bias", "kind:date"], None) == -0.5
    assert model.logit(["bias", "kind:date"], np.ones(3)) == -0.5  # wrong width: ignored
    assert model.logit(["bias", "kind:date"], np.full(4, 0.25)) == 0.5


def test_rarity_reads_the_rarest_word_of_the_answer() -> None:
    """ "phlogiston theory" is rarer English than "important role" (wordfreq's Zipf scale)."""
    from quizapp.core.generate.features import rarity, zipf

    assert zipf("phlogiston") < 3 < zipf("role")
    assert zipf("qzxvbnq") == 0.0
    analysis = analyse("The then-popular phlogiston theory played an important role in 1777.")
    sent = analysis.content[0]
    by_text = {a.text: rarity(a, sent) for a in analysis.answers[sent.index]}
    rare = int(by_text["phlogiston theory"][0].split(":")[1])
    common = int(by_text["important role"][0].split(":")[1])
    assert rare < common
