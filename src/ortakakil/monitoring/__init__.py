"""Monitoring and evaluation: the measured values of the plan's indicators (entered by the unit
that owns the goal, approved by the strategy team), the pure realisation rules
(``realisation.py``, also used by ``ortakakil plan evaluate``) and what is computed from approved
values."""
