"""The similarity and relation engine: pure Python over plain data, no ORM inside."""
