"""Clerks' spreadsheets: nominee lists in and out, the decision's list, the register books."""
