"""Monte Carlo: weight samplers, seeded blocks run locally or on dask, and streaming SMAA-2 accumulators."""
