"""Monitoring and evaluation. Today only the pure realisation rules (``realisation.py``), which
``ortakakil plan evaluate`` uses; the app itself (measurements, approvals, the scoreboard) comes
with its own issue."""
