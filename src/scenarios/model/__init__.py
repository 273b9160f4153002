"""The decision as data: dataclasses, loading and saving model folders, value functions, distributions."""
