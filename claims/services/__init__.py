"""Writes to claims and links. Views, forms, commands and tasks call these; none holds logic."""
