"""Sample data producers: the MySQL dump importer, the synthetic generator, the demo database.

These are the only parts of the product that write, and only to a target the user names.
"""
