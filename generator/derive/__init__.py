"""Documents derived from a plan: task checklist, registration forms, calendar."""
