"""Writes of the assessments context, by sub-domain: `bank` (questions, categories,
imports), `authoring` (assessments and their draw rules), `attempts` (taking, grading,
proctoring, regrading, allowances)."""
