"""Text recognition (``my.ocr``): the host reads a picture the app took or chose.

The capability goes through a provider, like location: ``OcrProvider.recognize(kind,
image) -> dict`` (sync or async; ``image`` is the file on the host machine). The default
``FixedOcr`` answers a canned result per ``ocrType``; a host program passes its own
(``Bridge(ocr=…)``, ``HostApp(ocr=…)``) and tests set answers with ``FixedOcr.answer``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from .context import ApiContext, resolve
from .errors import ApiError
from .files import sandbox
from .registry import Registry

#: ``ocrType`` values Alipay documents for my.ocr, with what the default answers.
OCR_TYPES: dict[str, dict[str, Any]] = {
    "ocr_general": {"words": ["支付宝", "小程序"]},
    "ocr_id_card": {"name": "张三", "sex": "男", "nationality": "汉", "birth": "19900101",
                    "address": "浙江省杭州市西湖区", "num": "330106199001010000"},
    "ocr_bank_card": {"cardNum": "6222000000000000000", "bankName": "中国工商银行"},
    "ocr_business_card": {"name": "张三", "company": "某某有限公司", "tel": "057100000000"},
    "ocr_business_license": {"name": "某某有限公司", "regNum": "91330100000000000X"},
    "ocr_driver_license": {"name": "张三", "num": "330106199001010000", "vehicleType": "C1"},
    "ocr_vehicle": {"plateNum": "浙A00000", "vehicleType": "小型普通客车", "owner": "张三"},
    "ocr_vehicle_plate": {"plateNum": "浙A00000"},
    "ocr_vin": {"vin": "LSVAA4182E2000000"},
    "ocr_train_ticket": {"number": "G7501", "date": "2024-01-01", "seat": "05车06F号"},
    "ocr_passport": {"name": "ZHANG SAN", "passportNo": "E00000000", "country": "CHN"},
}


class OcrProvider(Protocol):
    """Recognizes ``kind`` (an ``ocrType``) in the picture at ``image``."""

    def recognize(self, kind: str, image: Path) -> dict[str, Any]: ...


class FixedOcr:
    """Canned answers per ``ocrType`` (``OCR_TYPES``); ``answer(kind, result)`` sets one."""

    def __init__(self) -> None:
        self.answers = {k: dict(v) for k, v in OCR_TYPES.items()}

    def answer(self, kind: str, result: dict[str, Any]) -> None:
        self.answers[kind] = dict(result)

    def recognize(self, kind: str, image: Path) -> dict[str, Any]:
        return dict(self.answers.get(kind, {}))


async def ocr(ctx: ApiContext, args: dict[str, Any]) -> Any:
    kind, src = args["ocrType"], args["path"]
    image = sandbox(ctx.bridge).locate(src).path  # raises ApiError for a path outside
    if not image.is_file():
        raise ApiError(f"file not found: {src}", code=2)
    result = await resolve(ctx.bridge.ocr.recognize(kind, image))
    return {"result": result}


def register(reg: Registry) -> None:
    reg.add("ocr", ocr, family="alipay", returns=("result",),
            schema={"ocrType": {"type": "string", "required": True, "enum": list(OCR_TYPES)},
                    "path": "string!"})
