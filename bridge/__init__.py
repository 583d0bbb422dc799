"""fanxing.bridge."""
