"""The forecast page (``/forecast``): a 7-day fan chart per pollutant and AQI with the
heavy-pollution warning, the model card with its backtest skill, and past performance."""
