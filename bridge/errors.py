"""ApiError: a failed API call, shaped the way each dialect reports failures."""

from __future__ import annotations

from typing import Any

ALIPAY = "alipay"
WECHAT = "wechat"

# Alipay-family common error codes (opendocs "通用错误码").
NOT_FOUND = 1  # 接口不存在 / not supported by this host
BAD_PARAM = 2  # 参数错误
UNKNOWN = 3  # 未知错误
NO_PERMISSION = 4  # 无权调用
USER_CANCEL = 11  # 用户取消 / 拒绝


class ApiError(Exception):
    """A failure to hand back to the mini-program.

    ``message`` is the Alipay ``errorMessage``; ``wx`` the WeChat text after
    ``name:fail `` (defaults to ``message``); ``extra`` fields are added to both shapes.
    ``bind(name, dialect)`` fixes the API name and dialect so ``payload`` can be built.
    """

    def __init__(
        self,
        message: str,
        *,
        code: int = UNKNOWN,
        wx: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.wx = wx if wx is not None else message
        self.extra = dict(extra or {})
        self.api: str | None = None
        self.dialect: str = ALIPAY

    def bind(self, api: str, dialect: str) -> ApiError:
        """Fix the API name (``my.getLocation``) and dialect; returns self."""
        if self.api is None:
            self.api = api
        self.dialect = dialect
        return self

    @property
    def payload(self) -> dict[str, Any]:
        """The object the ``fail`` callback receives (and the Promise rejects with)."""
        if self.dialect == WECHAT:
            short = (self.api or "").rsplit(".", 1)[-1]
            return {**self.extra, "errMsg": f"{short}:fail {self.wx}"}
        return {**self.extra, "error": self.code, "errorMessage": self.message}

    def __str__(self) -> str:
        return f"{self.api or '?'}: {self.payload}"


def ok_message(api: str) -> str:
    """WeChat's success ``errMsg`` for ``wx.getLocation`` → ``getLocation:ok``."""
    return f"{api.rsplit('.', 1)[-1]}:ok"
