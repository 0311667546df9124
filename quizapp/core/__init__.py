"""Pure domain core of quizapp: no Flask, no SQLAlchemy, no WTForms.

Everything here takes plain values; the clock (`now`) and randomness (`rng`)
come in as arguments so that behaviour is deterministic and testable.
"""
