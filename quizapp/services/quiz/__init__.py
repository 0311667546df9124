"""Quizzes: attempts and answers, the pages a learner sees, progress, shown questions."""
