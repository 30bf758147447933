"""Plans written from other things: a unit's implementation plan, next year's draft."""
