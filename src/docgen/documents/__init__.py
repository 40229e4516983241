"""The document engine: kinds, outline, lay-out, render, templates, .docx and PDF output."""
