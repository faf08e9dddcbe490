"""Domain: tasks, indicators, targets, offices, periods, entries and evaluation. No Qt, no SQL."""
