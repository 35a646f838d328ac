"""Opinions — the opinion map (görüş haritası): statements, votes and the groups they reveal (issue 10)."""
