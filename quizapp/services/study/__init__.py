"""Study: decks and the review flow, the due queue, reviews, settings, stats, fitting."""
