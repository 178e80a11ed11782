"""
Managers' pages: the caseload (who is where, and for how long), the workload per worker, and
the process measured (the "bureaucracy meter"). They sit above the stage apps and read them
through their selectors; the core imports nothing from here.
"""
