"""Device hardware a desktop simulates: motion sensors (compass, accelerometer,
gyroscope, device motion), screen brightness, battery, the local IP address, and the
events the simulator fires for the keyboard, screenshots and a weak network.

Sensors are event sources: ``start*`` (or the first ``on*Change`` listener, which starts
listening as on the phones) turns one on, ``stop*`` off; the simulator drives a running
one with ``Bridge.sensors.drive('compass', {'direction': 90, 'accuracy': 'high'})`` (or
``Bridge.emit('compassChange', …)``). bridge/js/managers.js drops events of a sensor
that is not running, so nothing arrives after ``stop*``. Brightness is kept per app
(the ``Bridge``); the battery is ``Bridge.battery``, set with ``set_battery``.
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Any

from .context import ApiContext
from .errors import WECHAT, ApiError
from .registry import Registry
from .ui import forward

if TYPE_CHECKING:
    from .bridge import Bridge

#: sensor → (event name, start API, stop API, on/off short name)
SENSORS = {
    "compass": ("compassChange", "startCompass", "stopCompass", "CompassChange"),
    "accelerometer": ("accelerometerChange", "startAccelerometer", "stopAccelerometer",
                      "AccelerometerChange"),
    "gyroscope": ("gyroscopeChange", "startGyroscope", "stopGyroscope", "GyroscopeChange"),
    "deviceMotion": ("deviceMotionChange", "startDeviceMotionListening",
                     "stopDeviceMotionListening", "DeviceMotionChange"),
}
INTERVALS = {"game": 20, "ui": 60, "normal": 200}  # ms, as WeChat documents them
BY_API = {api: (sensor, api == spec[1]) for sensor, spec in SENSORS.items()
          for api in spec[1:3]}


class Sensors:
    """Which sensors run (``running``: sensor → interval in ms), and driving them."""

    def __init__(self, bridge: Bridge) -> None:
        self.bridge = bridge
        self.running: dict[str, int] = {}

    def set(self, sensor: str, on: bool, interval: str | None = None) -> None:
        if sensor not in SENSORS:
            raise ApiError(f"unknown sensor {sensor!r}", code=2, wx=f"unknown sensor {sensor}")
        if on:
            self.running[sensor] = INTERVALS.get(interval or "normal", 200)
        else:
            self.running.pop(sensor, None)

    def drive(self, sensor: str, payload: dict[str, Any]) -> bool:
        """Deliver one reading of a running sensor; False (nothing sent) when stopped."""
        if sensor not in self.running:
            return False
        self.bridge.emit(SENSORS[sensor][0], dict(payload))
        return True


async def sensor_switch(ctx: ApiContext, args: dict[str, Any]) -> Any:
    """``start*`` / ``stop*`` and the internal ``fx.sensor {sensor, running, interval}``."""
    if ctx.spec.name == "sensor":
        sensor, on = args["sensor"], bool(args["running"])
    else:
        sensor, on = BY_API[ctx.spec.name]
    ctx.bridge.sensors.set(sensor, on, args.get("interval"))
    await ctx.ui("sensor", {"sensor": sensor, "running": on,
                            "interval": ctx.bridge.sensors.running.get(sensor)})
    return None


async def get_brightness(ctx: ApiContext, args: dict[str, Any]) -> Any:
    return {("value" if ctx.wx else "brightness"): ctx.bridge.brightness}


async def set_brightness(ctx: ApiContext, args: dict[str, Any]) -> Any:
    value = args["value" if ctx.wx else "brightness"]
    if not 0 <= value <= 1:
        raise ApiError("brightness should be between 0 and 1", code=2,
                       wx="invalid value, should be in [0, 1]")
    ctx.bridge.brightness = value
    await ctx.ui("setScreenBrightness", {"value": value})
    return None


def battery_state(bridge: Bridge) -> dict[str, Any]:
    return {"level": bridge.battery["level"], "isCharging": bridge.battery["isCharging"]}


def set_battery(bridge: Bridge, level: int, charging: bool = False) -> None:
    """Set the simulated battery (``level`` 0–100) and mirror it for ``getBatteryInfoSync``."""
    if not 0 <= level <= 100:
        raise ValueError(f"battery level must be within 0..100, not {level}")
    bridge.battery = {"level": int(level), "isCharging": bool(charging)}
    bridge.notify_sync({"battery": battery_state(bridge)})


async def get_battery(ctx: ApiContext, args: dict[str, Any]) -> Any:
    return battery_state(ctx.bridge)


def local_ip() -> str:
    """The address this machine uses for outgoing traffic (a UDP 'connect' sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: never reached
            return s.getsockname()[0]
    except OSError:
        return "127.0.0.1"


async def get_local_ip(ctx: ApiContext, args: dict[str, Any]) -> Any:
    return {"localip": local_ip(), "netmask": "255.255.255.0"}


def set_weak_network(bridge: Bridge, weak: bool) -> None:
    """Simulate the weak-network signal (``onNetworkWeakChange``, WeChat)."""
    if bridge.profile.dialect == WECHAT:
        bridge.emit("networkWeakChange", {"weakNet": bool(weak),
                                          "networkType": bridge.network_type})


def register(reg: Registry) -> None:
    interval = {"interval": {"type": "string", "enum": list(INTERVALS)}}
    for _sensor, (event, start, stop, short) in SENSORS.items():
        reg.add(start, sensor_switch, schema=interval)
        reg.add(stop, sensor_switch)
        reg.add(short, None, kind="event", event=event)
    reg.add("sensor", sensor_switch, namespace="fx",
            schema={"sensor": {"type": "string", "required": True, "enum": list(SENSORS)},
                    "running": "boolean!", **interval})
    reg.add("getScreenBrightness", get_brightness, family="wechat", returns=("value",))
    reg.add("setScreenBrightness", set_brightness, family="wechat", schema={"value": "number!"})
    reg.add("getScreenBrightness", get_brightness, family="alipay", returns=("brightness",))
    reg.add("setScreenBrightness", set_brightness, family="alipay",
            schema={"brightness": "number!"})
    reg.add("getBatteryInfo", get_battery, returns=("level", "isCharging"))
    reg.add("getBatteryInfoSync", get_battery, kind="sync", mirror="state:battery",
            returns=("level", "isCharging"))
    reg.add("getLocalIPAddress", get_local_ip, family="wechat", returns=("localip", "netmask"))
    reg.add("UserCaptureScreen", None, kind="event", event="userCaptureScreen")
    reg.add("KeyboardHeightChange", None, family="wechat", kind="event",
            event="keyboardHeightChange")
    reg.add("NetworkWeakChange", None, family="wechat", kind="event", event="networkWeakChange")
    colors = {"backgroundColor": "string", "backgroundColorTop": "string",
              "backgroundColorBottom": "string"}
    reg.add("setBackgroundColor", forward(), schema=colors)
    reg.add("setBackgroundTextStyle", forward(),
            schema={"textStyle": {"type": "string", "required": True,
                                  "enum": ["dark", "light"]}})
