"""Database models, one module per feature; importing this package registers them all."""
from __future__ import annotations

from quizapp.models.accounts import LoginFailure, SignUpAttempt, User, UserSession
from quizapp.models.authoring import Draft
from quizapp.models.banks import Bank, Question
from quizapp.models.classes import Assignment, ClassMember, JoinFailure, SchoolClass
from quizapp.models.jobs import Job
from quizapp.models.quizzes import Answer, Attempt
from quizapp.models.study import StudyCard, StudyDeck, StudyReview, StudySettings
from quizapp.models.transfer import PendingImport

__all__ = [
    "Answer", "Assignment", "Attempt", "Bank", "ClassMember", "Draft", "Job", "JoinFailure",
    "LoginFailure", "PendingImport", "Question", "SchoolClass", "SignUpAttempt", "StudyCard",
    "StudyDeck", "StudyReview", "StudySettings", "User", "UserSession",
]
