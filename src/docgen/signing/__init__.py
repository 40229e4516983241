"""Electronic issue (issue 27): PDF/A, the signatures' appearance and the PAdES signatures."""
