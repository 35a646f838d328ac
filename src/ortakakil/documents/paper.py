"""What every document the platform renders shares: its MIME types and the A4 page (Turkish
official documents are A4) with its margins."""

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"
A4_MM = (210, 297)
MARGIN_MM = 20
