"""The phrasing matrix: our own news-like sentences per event type, with what they must give."""
