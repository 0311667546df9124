"""Classes on the web: a teacher's classes, roster, join code and assignments (`teach`);
a learner joining and their assignments (`learn`); the forms (`forms`)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("classes", __name__)
