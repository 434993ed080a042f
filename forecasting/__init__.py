"""The forecasts of the analyst workbench: a 7-day forecast of a city or station with its
intervals, AQI levels and heavy-pollution warning, the model card with the stored backtest
skill, past forecasts against observations, and retraining as a background job.

Pure models: :mod:`decision_models.forecast`; history: the store; REST: :mod:`forecasting.api`;
page: :mod:`pages.forecast`.
"""
