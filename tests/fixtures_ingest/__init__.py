"""Builders for the importer tests: notifications, results and their log lines, made in code."""
