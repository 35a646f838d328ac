"""Text analysis of contributions: Turkish normalisation, themes, similar and duplicate items."""
