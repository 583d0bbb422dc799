"""Developer tools around the core: the simulator driver, preview server, desktop shell,
hot reload, mocks panel, screenshots and ``fanxing render``. Only the CLI and tests use
these; nothing in the core imports them."""
