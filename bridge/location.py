"""Location: getLocation (consent first), chooseLocation, openLocation, and the
settings (getSetting / openSetting / authorize) that show and change consent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .context import ApiContext, resolve
from .errors import BAD_PARAM, USER_CANCEL, ApiError
from .permissions import SCOPES, scope_from_setting
from .registry import Registry

LOCATION_DENIED = 2001  # Alipay: 用户拒绝给小程序授权


@dataclass
class Position:
    """A simulated position with reverse-geocoding data (default: Hangzhou)."""

    latitude: float = 30.274084
    longitude: float = 120.15507
    accuracy: float = 65.0
    altitude: float = 12.0
    speed: float = 0.0
    country: str = "中国"
    country_code: str = "156"
    province: str = "浙江省"
    province_adcode: str = "330000"
    city: str = "杭州市"
    city_adcode: str = "330100"
    district: str = "上城区"
    district_adcode: str = "330102"
    street: str = "延安路"
    number: str = "1号"
    pois: list[dict[str, str]] = field(default_factory=lambda: [
        {"name": "西湖", "address": "浙江省杭州市西湖区龙井路1号"}])


class LocationProvider(Protocol):
    """Where the user is. ``locate`` may be sync or async."""

    def locate(self) -> Position: ...


class FixedLocation:
    """A configurable fixed position; ``move_to`` changes it (the simulator's pin)."""

    def __init__(self, position: Position | None = None) -> None:
        self.position = position or Position()

    def locate(self) -> Position:
        return self.position

    def move_to(self, latitude: float, longitude: float, **fields: Any) -> None:
        self.position = Position(latitude=latitude, longitude=longitude, **fields)


def _denied() -> ApiError:
    return ApiError("user denied location authorization", code=LOCATION_DENIED, wx="auth deny")


async def get_location(ctx: ApiContext, args: dict[str, Any]) -> Any:
    await ctx.consent("location", deny=_denied(), title="获取你的地理位置")
    pos: Position = await resolve(ctx.bridge.location.locate())
    if ctx.wx:
        return {"latitude": pos.latitude, "longitude": pos.longitude, "speed": pos.speed,
                "accuracy": pos.accuracy, "altitude": pos.altitude, "verticalAccuracy": 0,
                "horizontalAccuracy": pos.accuracy}
    level = int(args.get("type") or 0)
    out: dict[str, Any] = {"longitude": str(pos.longitude), "latitude": str(pos.latitude),
                           "accuracy": str(pos.accuracy), "horizontalAccuracy": str(pos.accuracy)}
    if level >= 1:
        out.update(country=pos.country, countryCode=pos.country_code, province=pos.province,
                   provinceAdcode=pos.province_adcode, city=pos.city, cityAdcode=pos.city_adcode,
                   district=pos.district, districtAdcode=pos.district_adcode)
    if level >= 2:
        out["streetNumber"] = {"street": pos.street, "number": pos.number}
    if level >= 3:
        out["pois"] = [dict(p) for p in pos.pois]
    return out


async def choose_location(ctx: ApiContext, args: dict[str, Any]) -> Any:
    pos: Position = await resolve(ctx.bridge.location.locate())
    answer = await ctx.ask("chooseLocation", {"latitude": args.get("latitude", pos.latitude),
                                              "longitude": args.get("longitude", pos.longitude)})
    if not isinstance(answer, dict):
        raise ApiError("user cancelled", code=USER_CANCEL, wx="cancel")
    out = {"name": str(answer.get("name", "")), "address": str(answer.get("address", "")),
           "latitude": float(answer.get("latitude", pos.latitude)),
           "longitude": float(answer.get("longitude", pos.longitude))}
    if ctx.alipay:
        out.update(provinceName=pos.province, cityName=pos.city, adCode=pos.district_adcode)
    return out


async def open_location(ctx: ApiContext, args: dict[str, Any]) -> Any:
    for key in ("latitude", "longitude"):
        try:
            float(args[key])
        except ValueError:
            raise ApiError(f"parameter error: parameter.{key} is not a number", code=BAD_PARAM,
                           wx=f"parameter error: parameter.{key} is not a number;") from None
    await ctx.ui("openLocation", args)
    return None


async def get_setting(ctx: ApiContext, args: dict[str, Any]) -> Any:
    return {"authSetting": ctx.bridge.consent.auth_setting(ctx.dialect)}


async def open_setting(ctx: ApiContext, args: dict[str, Any]) -> Any:
    store = ctx.bridge.consent
    answer = await ctx.ask("openSetting", {"authSetting": store.auth_setting(ctx.dialect)})
    if isinstance(answer, dict):
        for key, allowed in answer.items():
            scope = scope_from_setting(key) or key
            store.set(scope, bool(allowed))
    return {"authSetting": store.auth_setting(ctx.dialect)}


async def authorize(ctx: ApiContext, args: dict[str, Any]) -> Any:
    """WeChat ``wx.authorize({scope})``: ask ahead of time."""
    scope = scope_from_setting(args["scope"])
    if scope is None:
        raise ApiError(f"invalid scope {args['scope']}", code=BAD_PARAM, wx="invalid scope")
    await ctx.consent(scope, deny=ApiError("auth deny", wx="auth deny"))
    return None


def register(reg: Registry) -> None:
    reg.add("getLocation", get_location, family="alipay", consent="location",
            schema={"type": {"type": "number", "enum": [0, 1, 2, 3]}, "cacheTimeout": "number"},
            returns=("longitude", "latitude", "accuracy", "horizontalAccuracy", "country",
                     "countryCode", "province", "provinceAdcode", "city", "cityAdcode",
                     "district", "districtAdcode", "streetNumber", "pois"))
    reg.add("getLocation", get_location, family="wechat", consent="location",
            schema={"type": {"type": "string", "enum": ["wgs84", "gcj02"]}, "altitude": "boolean",
                    "isHighAccuracy": "boolean", "highAccuracyExpireTime": "number"},
            returns=("latitude", "longitude", "speed", "accuracy", "altitude",
                     "verticalAccuracy", "horizontalAccuracy"))
    reg.add("chooseLocation", choose_location, schema={"latitude": "number", "longitude": "number",
                                                       "title": "string"},
            returns=("name", "address", "latitude", "longitude"))
    reg.add("openLocation", open_location,
            schema={"latitude": "number|string!", "longitude": "number|string!",
                    "name": "string", "address": "string", "scale": "number"})
    reg.add("getSetting", get_setting, returns=("authSetting",))
    reg.add("openSetting", open_setting, returns=("authSetting",))
    reg.add("authorize", authorize, family="wechat",
            schema={"scope": {"type": "string", "required": True,
                              "enum": [n["wechat"] for n in SCOPES.values()]}})
