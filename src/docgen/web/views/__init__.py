"""The pages of the web app, one module per area; each exports the ``ROUTES`` of its area."""
