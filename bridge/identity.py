"""Identity: auth codes (my.getAuthCode, wx.login, dd.getAuthCode), user profile and
phone number, and the host-side exchange a mini-program's backend performs."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .context import ApiContext
from .errors import USER_CANCEL, ApiError
from .registry import Registry


class AuthCodeError(ValueError):
    """An auth code that is unknown, already used or expired."""


@dataclass
class Grant:
    app_id: str
    user: str
    scopes: tuple[str, ...]
    expires: float
    corp_id: str | None = None


class IdentityService:
    """Users known to the host, and the auth codes issued to mini-programs.

    ``users`` maps a user id to profile fields (``nickName``, ``avatar``, ``gender``,
    ``province``, ``city``, ``mobile``); unknown users get a generated profile. Codes are
    single-use and expire after ``ttl`` seconds (``clock`` is injectable for tests).
    """

    def __init__(self, users: dict[str, dict[str, Any]] | None = None, *, ttl: float = 300,
                 clock: Callable[[], float] = time.time) -> None:
        self.users = {k: dict(v) for k, v in (users or {}).items()}
        self.ttl = ttl
        self.clock = clock
        self._grants: dict[str, Grant] = {}

    def profile(self, user: str) -> dict[str, Any]:
        base = {"nickName": f"用户{user[-4:]}", "avatar": "https://fanxing.invalid/avatar.png",
                "gender": "m", "province": "浙江省", "city": "杭州市", "countryCode": "86",
                "mobile": "13800000000"}
        return {**base, **self.users.get(user, {})}

    def open_id(self, app_id: str, user: str) -> str:
        """A stable per-(app, user) id, as mini-program backends see users."""
        return hashlib.sha256(f"{app_id}\0{user}".encode()).hexdigest()[:28]

    def issue(self, app_id: str, user: str, scopes: tuple[str, ...],
              corp_id: str | None = None) -> str:
        code = secrets.token_hex(16)
        self._grants[code] = Grant(app_id, user, scopes, self.clock() + self.ttl, corp_id)
        return code

    def exchange(self, code: str, app_id: str | None = None) -> dict[str, Any]:
        """Trade an auth code for the user (once). Raises ``AuthCodeError``."""
        grant = self._grants.pop(code, None)
        if grant is None:
            raise AuthCodeError("auth code is invalid or was already used")
        if self.clock() > grant.expires:
            raise AuthCodeError("auth code has expired")
        if app_id is not None and app_id != grant.app_id:
            raise AuthCodeError("auth code was issued to another mini-program")
        out: dict[str, Any] = {"userId": grant.user, "openId": self.open_id(grant.app_id,
                                                                             grant.user),
                               "appId": grant.app_id, "scopes": list(grant.scopes)}
        if grant.corp_id:
            out["corpId"] = grant.corp_id
        if any(s != "auth_base" for s in grant.scopes):
            out["profile"] = self.profile(grant.user)
        return out

    def encrypt_phone(self, user: str) -> str:
        """The opaque ``response`` of getPhoneNumber (decode with ``decrypt_phone``)."""
        payload = json.dumps({"code": "10000", "msg": "Success",
                              "mobile": self.profile(user)["mobile"]})
        return base64.b64encode(payload.encode()).decode()

    @staticmethod
    def decrypt_phone(response: str) -> dict[str, Any]:
        return json.loads(base64.b64decode(response))


def _user_denied() -> ApiError:
    return ApiError("user denied authorization", code=USER_CANCEL, wx="auth deny")


async def get_auth_code(ctx: ApiContext, args: dict[str, Any]) -> Any:
    raw = args.get("scopes") or "auth_base"
    scopes = (raw,) if isinstance(raw, str) else tuple(str(s) for s in raw)
    if any(s != "auth_base" for s in scopes):
        await ctx.consent("userInfo", deny=_user_denied(), title="获取你的公开信息（昵称、头像等）")
    code = ctx.bridge.identity.issue(ctx.app_id, ctx.bridge.user, scopes)
    return {"authCode": code, "authErrorScopes": {}, "authSuccessScopes": list(scopes)}


async def dd_get_auth_code(ctx: ApiContext, args: dict[str, Any]) -> Any:
    code = ctx.bridge.identity.issue(ctx.app_id, ctx.bridge.user, ("auth_base",),
                                     corp_id=args["corpId"])
    return {"authCode": code, "code": code}


async def get_open_user_info(ctx: ApiContext, args: dict[str, Any]) -> Any:
    await ctx.consent("userInfo", deny=_user_denied(), title="获取你的公开信息（昵称、头像等）")
    p = ctx.bridge.identity.profile(ctx.bridge.user)
    inner = {"code": "10000", "msg": "Success", "nickName": p["nickName"], "avatar": p["avatar"],
             "gender": p["gender"], "province": p["province"], "city": p["city"],
             "countryCode": p["countryCode"]}
    return {"response": json.dumps({"response": inner}, ensure_ascii=False)}


async def get_phone_number(ctx: ApiContext, args: dict[str, Any]) -> Any:
    await ctx.consent("phoneNumber", deny=_user_denied(), title="获取你的手机号")
    return {"response": ctx.bridge.identity.encrypt_phone(ctx.bridge.user)}


async def wx_login(ctx: ApiContext, args: dict[str, Any]) -> Any:
    return {"code": ctx.bridge.identity.issue(ctx.app_id, ctx.bridge.user, ("auth_base",))}


def _wx_user_info(ctx: ApiContext, anonymous: bool) -> dict[str, Any]:
    p = ctx.bridge.identity.profile(ctx.bridge.user)
    info = {"nickName": "微信用户" if anonymous else p["nickName"],
            "avatarUrl": p["avatar"], "gender": 0, "country": "", "province": "", "city": "",
            "language": "zh_CN"}
    raw = json.dumps(info, ensure_ascii=False)
    return {"userInfo": info, "rawData": raw,
            "signature": hashlib.sha1(raw.encode()).hexdigest(),
            "encryptedData": base64.b64encode(raw.encode()).decode(), "iv": ""}


async def get_user_profile(ctx: ApiContext, args: dict[str, Any]) -> Any:
    # WeChat asks on every call and does not remember the answer.
    answer = await ctx.ask("consent", {"scope": "userInfo", "title": args["desc"]})
    if str(answer).lower() not in ("allow", "ok", "yes", "true", "1"):
        raise ApiError("auth deny", code=USER_CANCEL, wx="auth deny")
    return _wx_user_info(ctx, anonymous=False)


async def get_user_info(ctx: ApiContext, args: dict[str, Any]) -> Any:
    return _wx_user_info(ctx, anonymous=True)


def register(reg: Registry) -> None:
    reg.add("getAuthCode", get_auth_code, family="alipay", consent="userInfo",
            schema={"scopes": "string|array"},
            returns=("authCode", "authErrorScopes", "authSuccessScopes"))
    reg.add("getAuthCode", dd_get_auth_code, family="alipay", namespace="dd",
            schema={"corpId": "string!"}, returns=("authCode", "code"))
    reg.add("getOpenUserInfo", get_open_user_info, family="alipay", consent="userInfo",
            returns=("response",))
    reg.add("getPhoneNumber", get_phone_number, family="alipay", consent="phoneNumber",
            returns=("response",))
    reg.add("login", wx_login, family="wechat", schema={"timeout": "number"}, returns=("code",))
    reg.add("getUserProfile", get_user_profile, family="wechat", consent="userInfo",
            schema={"desc": "string!", "lang": "string"},
            returns=("userInfo", "rawData", "signature", "encryptedData", "iv"))
    reg.add("getUserInfo", get_user_info, family="wechat", returns=("userInfo", "rawData"))
