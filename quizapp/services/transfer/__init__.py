"""Sets in and out of other tools' files: `imports` (upload, preview, then all or
nothing), `exports` (a set as a file in any format, with what the format leaves out)."""
