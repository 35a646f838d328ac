"""Pure text analysis (no Django): normalisation, embeddings, theme classification, similarity.

Used by the ``ortakakil text`` CLI (no database) and, through the app, by the platform.
"""
