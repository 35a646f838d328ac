"""The opinion map's mathematics, after Pol.is' published pipeline (pure: numpy and scipy, no Django).

``pipeline.analyze`` computes one update from a vote list, warm-started from a previous result as
Pol.is does; ``pipeline.replay`` replays a conversation in the order its votes arrived. The
modules follow the pipeline's steps: ``matrix`` (vote matrix, who is "in the conversation"),
``pca`` (imputation, PCA, the sparsity-aware projection), ``clusters`` (base clusters, groups,
silhouette, the k smoother), ``repness`` and ``consensus``.
"""
