"""fanxing.compiler."""
