"""The office web app (``docgen serve``): server-rendered pages over the same library as the CLI."""
