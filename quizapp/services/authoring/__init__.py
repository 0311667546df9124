"""The teacher's studio: their sets (`sets`), writing and editing questions (`questions`),
generating drafts from an article and deciding on them (`drafts`)."""
