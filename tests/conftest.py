"""Shared pytest setup: one hypothesis profile for local runs and CI."""

import os

from hypothesis import HealthCheck, settings

# Timing varies on shared CI machines: no per-example deadline, no flaky "too slow" health check.
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
