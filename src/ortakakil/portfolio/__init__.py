"""Portföy — which projects make the best use of the budget: participatory budgeting rules
(greedy, Method of Equal Shares), Pabulib files and the multi-year investment portfolio (MILP)."""
