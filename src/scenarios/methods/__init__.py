"""Aggregation methods: a matrix of criterion values or scores and weights → one score per option."""
