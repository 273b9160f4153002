"""Analyses of a loaded model: ranking, what-ifs, weight stability, tornado, Sobol' indices, tradeoffs."""
