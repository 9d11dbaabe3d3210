"""The progress page: the roadmap drawn as a map of what is done, from data to HTML."""
