"""Moodle's own rules that reading and writing Moodle XML share: the grades Moodle accepts,
the question types quizapp skips, the cloze gap syntax."""
from __future__ import annotations

import re

LABEL = "Moodle XML"
CARRIES = frozenset({"prompt", "choices", "answer", "accept", "tolerance", "explanation", "tags"})
MAX_XML_BYTES = 32 * 1024 * 1024  # exports carry their images as base64
MAX_IDNUMBER = 100  # Moodle's question.idnumber column

# Moodle's grade list (question_bank::fraction_options_full), as percentages.
GRADES = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
          14.28571, 12.5, 11.11111, 10, 5, 0)
ALLOWED = GRADES + tuple(-g for g in GRADES if g)
# The share of 100 % each of n right choices gets, written as Moodle writes it.
SHARES = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667", 7: "14.28571",
          8: "12.5"}

SKIPPED_TYPES = {
    "essay": "an essay question (quizapp has no free-text questions graded by a teacher)",
    "matching": "a matching question (quizapp has no matching questions)",
    "randomsamatch": "a random short-answer matching question (quizapp has none)",
    "description": "a description (text shown between questions, not a question)",
    "ddwtos": "a drag-and-drop into text question (quizapp has none)",
    "gapselect": "a select-missing-words question (quizapp has none)",
    "ddimageortext": "a drag-and-drop onto image question (quizapp has none)",
    "ddmarker": "a drag-and-drop markers question (quizapp has none)",
    "calculated": "a calculated question (quizapp has no formulas)",
    "calculatedsimple": "a calculated question (quizapp has no formulas)",
    "calculatedmulti": "a calculated multichoice question (quizapp has no formulas)",
    "ordering": "an ordering question (quizapp has none)",
    "random": "a random question (a placeholder Moodle fills from a category)",
}
# Moodle's sub-question types (upper case only, as Moodle reads them) and what they are here.
TYPE_WORDS = {
    "MC": "MC", "MULTICHOICE": "MC", "MCV": "MC", "MULTICHOICE_V": "MC", "MCH": "MC",
    "MULTICHOICE_H": "MC", "MCS": "MC", "MULTICHOICE_S": "MC", "MCVS": "MC",
    "MULTICHOICE_VS": "MC", "MCHS": "MC", "MULTICHOICE_HS": "MC",
    "MR": "MR", "MULTIRESPONSE": "MR", "MRH": "MR", "MULTIRESPONSE_H": "MR", "MRS": "MR",
    "MULTIRESPONSE_S": "MR", "MRHS": "MR", "MULTIRESPONSE_HS": "MR",
    "SA": "SA", "SHORTANSWER": "SA", "MW": "SA", "SAC": "SAC", "SHORTANSWER_C": "SAC",
    "MWC": "SAC", "NM": "NM", "NUMERICAL": "NM", "RX": "RX", "REGEXP": "RX", "RXC": "RX",
    "REGEXP_C": "RX",
}
GAP_START = re.compile(r"\{(\d*):(" + "|".join(sorted(TYPE_WORDS, key=len, reverse=True))
                        + r")(?=[:}])")
BANK_GAP = re.compile(r"(?<!_)_{5}(?!_)")  # the bank format's gap
GAP_MARKER = "QUIZAPPGAPMARKER"
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
TF_WORDS = {"true": True, "false": False}
