"""Device presets: screen size, pixel ratio, bar heights, model, platform."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

from fanxing.compiler.diagnostics import did_you_mean

from .profiles import is_file_reference

DEFAULT_DEVICE = "iphone-14"


@dataclass(frozen=True)
class Device:
    """A simulated phone or tablet (sizes in CSS pixels)."""

    name: str
    model: str
    brand: str
    platform: str  # "ios" | "android"
    system: str  # e.g. "iOS 16.0"
    screen_width: int
    screen_height: int
    pixel_ratio: float
    status_bar_height: int
    title_bar_height: int

    @property
    def rpx(self) -> float:
        """CSS pixels per rpx (screen width / 750): the ``--fx-rpx`` value."""
        return self.screen_width / 750

    @property
    def keyboard_height(self) -> int:
        """Height of the on-screen keyboard (Alipay ``onKeyboardHeight``): about 40% of
        the screen, as the phones' default keyboards are (336 of 844 px on an iPhone 14)."""
        return round(self.screen_height * 0.4)

    @property
    def window_height(self) -> int:
        """Height below the status and title bars (no tab bar)."""
        return self.screen_height - self.status_bar_height - self.title_bar_height


def _from_dict(data: dict[str, Any], name: str) -> Device:
    known = {f.name for f in fields(Device)}
    missing = known - set(data) - {"name"}
    if missing:
        raise ValueError(f"device {name!r}: missing {', '.join(sorted(missing))}")
    return Device(**{"name": name, **{k: v for k, v in data.items() if k in known}})


def builtin_devices() -> list[str]:
    """Names of the bundled presets."""
    folder = resources.files("fanxing.bridge") / "devices"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def load_device(name_or_path: str | Path | Device = DEFAULT_DEVICE) -> Device:
    """A bundled preset by name (``iphone-se``) or a device from a JSON file."""
    if isinstance(name_or_path, Device):
        return name_or_path
    if is_file_reference(name_or_path):
        path = Path(name_or_path)
        if not path.is_file():
            raise ValueError(f"device file not found: {path}")
        return _from_dict(json.loads(path.read_text("utf-8")), path.stem)
    res = resources.files("fanxing.bridge") / "devices" / f"{name_or_path}.json"
    if not res.is_file():
        known = builtin_devices()
        raise ValueError(f"unknown device {str(name_or_path)!r}"
                         f"{did_you_mean(str(name_or_path), known)} (known: "
                         f"{', '.join(known)}; or a device file: my-phone.json)")
    return _from_dict(json.loads(res.read_text("utf-8")), str(name_or_path))
