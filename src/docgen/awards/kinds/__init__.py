"""The award kinds: proposals, council minutes, award decisions and summary reports."""
