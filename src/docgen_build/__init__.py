"""Build-time code of docgen (the templates in templates/), never imported at run time."""
