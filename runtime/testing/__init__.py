"""fanxing.testing: drive a mini-program from Python tests like a user would."""
