"""Documents: every rendered report and export (XLSX now; DOCX, PDF and charts later).

Reads every other app; nothing reads it.
"""
