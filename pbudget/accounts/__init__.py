"""Accounts: two-factor sign-in, backup codes, password change and reset (pages and services)."""
