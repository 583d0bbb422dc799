"""fanxing.runtime."""
