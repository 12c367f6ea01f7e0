"""Self-assessment: item bank, scoring, recommendations, results store, reports and the app.

Imports `competence_profile`; never imports `digiculture`.
"""
