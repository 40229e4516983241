"""The award domain: law by date, money, votes, eligibility, history, dossiers, certificates."""
