"""``python -m fanxing.runtime.cli``."""

from fanxing.runtime.cli.main import main

main()
