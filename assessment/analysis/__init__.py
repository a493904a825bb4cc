"""Analysis: scores, the disclosure layer and its releases, gaps, actions, quality."""
