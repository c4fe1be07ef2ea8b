"""Browser-test helpers: Chromium launch, login through the real form, axe accessibility checks."""
