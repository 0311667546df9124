"""Classes: a teacher's classes and rosters (`rosters`), learners joining with a code
(`joining`), and what is assigned to a class and taken under its rules (`assignments`)."""
