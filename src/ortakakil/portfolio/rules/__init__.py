"""The pure core of portfolio (no Django): Pabulib files (:mod:`.pabulib`), participatory
budgeting rules (:mod:`.pb`) and the multi-year investment portfolio (:mod:`.milp`)."""
