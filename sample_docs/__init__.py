"""Sample articles (fictional) preloaded into a new default project."""
