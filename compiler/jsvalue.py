"""JavaScript value semantics for compiled template expressions.

Compiled ``{{ }}`` expressions (see ``expression.py``) call these helpers as
``_js.<name>``; the view layer uses ``render_text``/``attr_value``/``to_string`` too.
Values are JSON-shaped (``docs/internals.md``): ``None`` is null, ``UNDEFINED`` is
undefined, ``bool``, ``int``/``float`` (an ``int`` stands for an integral double),
``str``, ``list``, ``dict``.

Templates are *forgiving* where JavaScript would throw on a property read: reading a
property of null/undefined (``a.b`` when ``a`` is missing) gives ``UNDEFINED``, the way
mini-program templates render missing paths as empty instead of failing, and the same
as ``a?.b`` in JS. A whitelisted method called on null/undefined also gives
``UNDEFINED`` (like ``a?.m()``). Everything else follows JS, including the errors it
throws: a method on a value that lacks it, spreading a non-iterable into an array,
``in`` on a primitive, a bad ``toFixed`` digit count raise ``JSError``.

Strings are measured and indexed in UTF-16 code units, as in JS.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

__all__ = [
    "INFINITY",
    "NAN",
    "UNDEFINED",
    "JSError",
    "add",
    "add_many",
    "and_",
    "and__lazy",
    "call_module",
    "coalesce_lazy",
    "module_member",
    "or__lazy",
    "attr_value",
    "coalesce",
    "div",
    "ge",
    "get",
    "gt",
    "has",
    "le",
    "loose_eq",
    "loose_ne",
    "lt",
    "method",
    "method_lazy",
    "mod",
    "mul",
    "neg",
    "not_",
    "or_",
    "render_text",
    "spread_array",
    "spread_object",
    "strict_eq",
    "strict_ne",
    "sub",
    "to_number",
    "to_property_key",
    "to_string",
    "truthy",
    "typeof",
]


class _Undefined:
    """The JS ``undefined`` value; use the ``UNDEFINED`` singleton."""

    __slots__ = ()
    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "undefined"

    def __reduce__(self) -> str:
        return "UNDEFINED"


UNDEFINED: Any = _Undefined()
INFINITY = math.inf
NAN = math.nan
_MAX_SAFE = 2**53


class JSError(Exception):
    """A JS TypeError/RangeError raised while evaluating a template expression."""


# ---------------------------------------------------------------------------
# Conversions


def truthy(v: Any) -> bool:
    """JS ToBoolean: false for undefined, null, false, 0, -0, NaN and ''."""
    if v is True:
        return True
    if v is False or v is None or v is UNDEFINED:
        return False
    t = type(v)
    if t is str or t is int:
        return bool(v)
    if t is float:
        return v == v and v != 0.0
    return True


def not_(v: Any) -> bool:
    """JS ``!v``."""
    return not truthy(v)


def typeof(v: Any) -> str:
    """JS ``typeof v`` for JSON-shaped values."""
    if v is UNDEFINED:
        return "undefined"
    t = type(v)
    if t is bool:
        return "boolean"
    if t is int or t is float:
        return "number"
    if t is str:
        return "string"
    return "object"


def _number_to_string(x: float | int) -> str:
    """ECMAScript Number::toString(x) with radix 10."""
    if type(x) is int:
        if -_MAX_SAFE <= x <= _MAX_SAFE:
            return str(x)
        x = float(x)
    if x != x:
        return "NaN"
    if x == 0:
        return "0"
    if x == math.inf:
        return "Infinity"
    if x == -math.inf:
        return "-Infinity"
    r = repr(x)
    if "e" not in r:
        # Python picks the same shortest digits as JS and prints them positionally in
        # [1e-4, 1e16), where JS does too; only the trailing ".0" of integers differs.
        return r[:-2] if r.endswith(".0") else r
    if x < 0:
        return "-" + _number_to_string(-x)
    # repr gives the shortest round-tripping digits, which is what JS prints; only the
    # layout (where the point goes, when to use an exponent) differs.
    mantissa, _, exp = repr(x).partition("e")
    int_part, _, frac = mantissa.partition(".")
    digits = int_part + frac
    point = len(int_part) + (int(exp) if exp else 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    s = stripped.rstrip("0")
    k, n = len(s), point
    if k <= n <= 21:
        return s + "0" * (n - k)
    if 0 < n <= 21:
        return s[:n] + "." + s[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + s
    e = n - 1
    sign = "+" if e >= 0 else "-"
    if k == 1:
        return f"{s}e{sign}{abs(e)}"
    return f"{s[0]}.{s[1:]}e{sign}{abs(e)}"


def to_string(v: Any) -> str:
    """JS ``String(v)``: numbers as JS prints them, arrays joined with ',',
    objects as '[object Object]', null as 'null', undefined as 'undefined'."""
    t = type(v)
    if t is str:
        return v
    if t is int or t is float:
        return _number_to_string(v)
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    if v is UNDEFINED:
        return "undefined"
    if t is list:
        return _join(v, ",")
    return "[object Object]"


def render_text(v: Any) -> str:
    """What ``{{v}}`` prints in text content and in mixed attribute strings.

    undefined and null print as the empty string (glass-easel, the WeChat template
    engine, and Alipay both render ``{{missing}}`` and ``{{null}}`` as nothing);
    everything else is ``String(v)``.
    """
    t = type(v)
    if t is str:
        return v
    if v is None or v is UNDEFINED:
        return ""
    return to_string(v)


def attr_value(parts: list[Any] | tuple[Any, ...]) -> Any:
    """Value of an attribute written as static text and ``{{ }}`` parts.

    ``parts`` holds the static strings and the evaluated expression values in order.
    A single part (``attr="{{x}}"``) keeps its raw value (arrays, objects, numbers
    reach components unchanged); several parts are joined with ``render_text``.
    """
    if len(parts) == 1:
        return parts[0]
    return "".join([render_text(p) for p in parts])


_UPPER = re.compile(r"[A-Z]")


def style_text(v: Any) -> str:
    """An Alipay ``style`` value as CSS: an object's entries become declarations
    (``{backgroundColor: 'red'}`` → ``background-color: red;``; null, undefined and ''
    values are left out); anything else prints as ``render_text``."""
    if type(v) is not dict:
        return render_text(v)
    out = []
    for key, value in v.items():
        text = render_text(value)
        if text:
            out.append(_UPPER.sub(lambda m: "-" + m.group().lower(), key) + ": " + text + ";")
    return " ".join(out)


_JS_WS = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_DECIMAL = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")
_RADIX = re.compile(r"0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")


def _string_to_number(s: str) -> float | int:
    s = s.strip(_JS_WS)
    if not s:
        return 0
    if _DECIMAL.fullmatch(s):
        if s[-1] == "y":  # [+-]Infinity
            return -math.inf if s[0] == "-" else math.inf
        if s.isdigit() and len(s) < 16:
            return int(s)
        return _normalize(float(s))
    m = _RADIX.fullmatch(s)
    if m:
        base = {"x": 16, "o": 8, "b": 2}[m.group(1)[0].lower()]
        return _int_result(int(m.group(1)[1:], base))
    return math.nan


def to_number(v: Any) -> int | float:
    """JS ``Number(v)`` (ToNumber after ToPrimitive)."""
    t = type(v)
    if t is int or t is float:
        return v
    if v is True:
        return 1
    if v is False or v is None:
        return 0
    if v is UNDEFINED:
        return math.nan
    if t is str:
        return _string_to_number(v)
    return _string_to_number(to_string(v))


def _to_primitive(v: Any) -> Any:
    """ToPrimitive for JSON-shaped values: arrays and objects become their string."""
    t = type(v)
    if t is list or t is dict:
        return to_string(v)
    return v


def to_property_key(v: Any) -> str:
    """ToPropertyKey: the string a computed member key stands for."""
    return v if type(v) is str else to_string(v)


def _normalize(x: float) -> float | int:
    """An integral float within the safe range as int (keeps -0 a float)."""
    if x.is_integer() and -_MAX_SAFE <= x <= _MAX_SAFE and (x != 0 or math.copysign(1, x) > 0):
        return int(x)
    return x


def _int_result(r: int) -> int | float:
    """An exact int result rounded to a double when it leaves the safe range."""
    if -_MAX_SAFE <= r <= _MAX_SAFE:
        return r
    return float(r)


# ---------------------------------------------------------------------------
# Operators


def add(a: Any, b: Any) -> Any:
    """JS ``a + b``: string concatenation if either primitive is a string."""
    ta, tb = type(a), type(b)
    if ta is int and tb is int:
        return _int_result(a + b)
    if ta is str:
        if tb is str:
            return a + b
        if tb is int or tb is float:
            return a + _number_to_string(b)
    elif tb is str and (ta is int or ta is float):
        return _number_to_string(a) + b
    a, b = _to_primitive(a), _to_primitive(b)
    if type(a) is str or type(b) is str:
        return to_string(a) + to_string(b)
    x, y = to_number(a), to_number(b)
    if type(x) is int and type(y) is int:
        return _int_result(x + y)
    return float(x) + float(y)


def add_many(*operands: Any) -> Any:
    """``a + b + c …`` evaluated left to right (keeps generated code shallow)."""
    acc = operands[0]
    for v in operands[1:]:
        acc = add(acc, v)
    return acc


def sub(a: Any, b: Any) -> int | float:
    """JS ``a - b``."""
    x, y = to_number(a), to_number(b)
    if type(x) is int and type(y) is int:
        return _int_result(x - y)
    return float(x) - float(y)


def mul(a: Any, b: Any) -> int | float:
    """JS ``a * b``."""
    x, y = to_number(a), to_number(b)
    if type(x) is int and type(y) is int:
        if x == 0 and y < 0 or y == 0 and x < 0:
            return -0.0
        return _int_result(x * y)
    return float(x) * float(y)


def div(a: Any, b: Any) -> float | int:
    """JS ``a / b``: division by zero gives ±Infinity or NaN."""
    x, y = float(to_number(a)), float(to_number(b))
    if y == 0:
        if x == 0 or x != x:
            return math.nan
        return math.copysign(math.inf, x) * math.copysign(1.0, y)
    return x / y


def mod(a: Any, b: Any) -> int | float:
    """JS ``a % b``: the result takes the sign of the dividend."""
    x, y = to_number(a), to_number(b)
    if type(x) is int and type(y) is int and y != 0:
        r = abs(x) % abs(y)
        if x < 0:
            return -r if r else -0.0
        return r
    x, y = float(x), float(y)
    if y == 0 or x != x or y != y or math.isinf(x):
        return math.nan
    if math.isinf(y):
        return x
    return math.fmod(x, y)


def neg(v: Any) -> int | float:
    """JS unary ``-v`` (``-0`` is a float)."""
    x = to_number(v)
    if x == 0 and type(x) is int:
        return -0.0
    return -x


def _lt(a: Any, b: Any) -> bool | None:
    """IsLessThan; None stands for JS undefined (a NaN was involved)."""
    a, b = _to_primitive(a), _to_primitive(b)
    if type(a) is str and type(b) is str:
        if a.isascii() and b.isascii():
            return a < b
        return _utf16(a) < _utf16(b)
    x, y = to_number(a), to_number(b)
    if x != x or y != y:
        return None
    return x < y


def lt(a: Any, b: Any) -> bool:
    """JS ``a < b``."""
    if type(a) is int and type(b) is int:
        return a < b
    return _lt(a, b) is True


def gt(a: Any, b: Any) -> bool:
    """JS ``a > b``."""
    if type(a) is int and type(b) is int:
        return a > b
    return _lt(b, a) is True


def le(a: Any, b: Any) -> bool:
    """JS ``a <= b``."""
    if type(a) is int and type(b) is int:
        return a <= b
    return _lt(b, a) is False


def ge(a: Any, b: Any) -> bool:
    """JS ``a >= b``."""
    if type(a) is int and type(b) is int:
        return a >= b
    return _lt(a, b) is False


def _is_number(v: Any) -> bool:
    t = type(v)
    return t is int or t is float


def strict_eq(a: Any, b: Any) -> bool:
    """JS ``a === b`` (objects compare by identity, NaN is unequal to itself)."""
    ta, tb = type(a), type(b)
    if ta is tb:
        if ta is list or ta is dict:
            return a is b
        return a == b
    if _is_number(a) and _is_number(b):
        return a == b
    return False


def strict_ne(a: Any, b: Any) -> bool:
    """JS ``a !== b``."""
    return not strict_eq(a, b)


def loose_eq(a: Any, b: Any) -> bool:
    """JS ``a == b`` (IsLooselyEqual)."""
    ta, tb = type(a), type(b)
    if ta is tb or (_is_number(a) and _is_number(b)):
        return strict_eq(a, b)
    nullish_a = a is None or a is UNDEFINED
    nullish_b = b is None or b is UNDEFINED
    if nullish_a or nullish_b:
        return nullish_a and nullish_b
    if ta is bool:
        return loose_eq(int(a), b)
    if tb is bool:
        return loose_eq(a, int(b))
    if ta is list or ta is dict:
        return loose_eq(to_string(a), b)
    if tb is list or tb is dict:
        return loose_eq(a, to_string(b))
    # number vs string
    return to_number(a) == to_number(b)


def loose_ne(a: Any, b: Any) -> bool:
    """JS ``a != b``."""
    return not loose_eq(a, b)


# Short-circuit operators. The compiler evaluates the right operand early (plain
# ``and_``) when that cannot call out or raise, which is cheaper than a thunk; the
# ``*_lazy`` forms take a thunk.


def and_(a: Any, b: Any) -> Any:
    """JS ``a && b`` with ``b`` already evaluated."""
    return b if truthy(a) else a


def and__lazy(a: Any, b: Callable[[], Any]) -> Any:
    """JS ``a && b()``."""
    return b() if truthy(a) else a


def or_(a: Any, b: Any) -> Any:
    """JS ``a || b`` with ``b`` already evaluated."""
    return a if truthy(a) else b


def or__lazy(a: Any, b: Callable[[], Any]) -> Any:
    """JS ``a || b()``."""
    return a if truthy(a) else b()


def coalesce(a: Any, b: Any) -> Any:
    """JS ``a ?? b`` with ``b`` already evaluated."""
    return b if a is None or a is UNDEFINED else a


def coalesce_lazy(a: Any, b: Callable[[], Any]) -> Any:
    """JS ``a ?? b()``."""
    return b() if a is None or a is UNDEFINED else a


# SJS/WXS access, through the RenderContext the view layer passes as ``_ctx``.


def call_module(ctx: Any, module_id: str, member: str | None, args: list[Any]) -> Any:
    """``m.fn(args)`` for an SJS/WXS module: ``ctx.call_module(module_id, member, args)``.
    ``member`` is None when the module's export itself is called (``m(args)``)."""
    return ctx.call_module(module_id, member, args)


def module_member(ctx: Any, module_id: str, member: str | None) -> Any:
    """``m.name`` for an SJS/WXS module: ``ctx.module_member(module_id, member)``.
    ``member`` is None for the module's export itself (``{{m}}``)."""
    return ctx.module_member(module_id, member)


def has(key: Any, obj: Any) -> bool:
    """JS ``key in obj`` (own data of JSON values plus an array's ``length``)."""
    t = type(obj)
    if t is dict:
        return to_property_key(key) in obj
    if t is list:
        k = to_property_key(key)
        i = _array_index(k)
        return k == "length" or i is not None and i < len(obj)
    raise JSError(f"Cannot use 'in' operator to search for '{to_string(key)}' in {to_string(obj)}")


# ---------------------------------------------------------------------------
# Property reads


def _array_index(k: str) -> int | None:
    """The index a canonical numeric property key names, else None."""
    if k.isdigit() and k.isascii() and (k == "0" or k[0] != "0"):
        return int(k)
    return None


def get(obj: Any, key: Any) -> Any:
    """JS ``obj[key]`` for template reads; forgiving: null/undefined give undefined."""
    t = type(obj)
    if t is dict:
        if type(key) is not str:
            key = to_property_key(key)
        return obj.get(key, UNDEFINED)
    if t is list or t is str:
        tk = type(key)
        if tk is int:
            i = key
        elif tk is float and key.is_integer():
            i = int(key)
        else:
            k = key if tk is str else to_property_key(key)
            if k == "length":
                return len(obj) if t is list or obj.isascii() else _utf16_len(obj)
            i = _array_index(k)
            if i is None:
                return UNDEFINED
        if i < 0:
            return UNDEFINED
        if t is list:
            return obj[i] if i < len(obj) else UNDEFINED
        if not obj.isascii():
            obj = _utf16(obj)
        return _from_utf16(obj[i]) if i < len(obj) else UNDEFINED
    return UNDEFINED


def spread_array(v: Any) -> list[Any]:
    """Items of ``...v`` inside an array literal (arrays and strings are iterable)."""
    t = type(v)
    if t is list:
        return v
    if t is str:
        return list(v)  # string iteration is by code point
    raise JSError(f"{to_string(v) if t is not dict else 'object'} is not iterable")


def spread_object(v: Any) -> dict[str, Any]:
    """Own enumerable properties of ``...v`` inside an object literal."""
    t = type(v)
    if t is dict:
        return v
    if t is list:
        return {str(i): x for i, x in enumerate(v)}
    if t is str:
        u = _utf16(v)
        return {str(i): _from_utf16(c) for i, c in enumerate(u)}
    return {}


# ---------------------------------------------------------------------------
# UTF-16 helpers: JS strings are sequences of 16-bit code units.


def _is_bmp(s: str) -> bool:
    return s.isascii() or max(s) < "\U00010000"


def _utf16(s: str) -> str:
    """``s`` with astral characters split into surrogate code points (one per unit)."""
    if _is_bmp(s):
        return s
    return "".join(map(chr, array("H", s.encode("utf-16-le", "surrogatepass"))))


def _from_utf16(s: str) -> str:
    """Join surrogate pairs back into astral characters (lone surrogates stay)."""
    if _is_bmp(s) and not any("\ud800" <= c <= "\udfff" for c in s):
        return s
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _utf16_len(s: str) -> int:
    return len(s) if _is_bmp(s) else len(s.encode("utf-16-le", "surrogatepass")) // 2


def _join(items: list[Any], sep: str) -> str:
    return sep.join(["" if x is None or x is UNDEFINED else to_string(x) for x in items])


# ---------------------------------------------------------------------------
# Whitelisted methods (``value.method(args)`` in templates). Each ``m_<name>``
# takes the receiver then the JS arguments; missing arguments are undefined.


def _to_integer(v: Any) -> float | int:
    """ToIntegerOrInfinity."""
    x = to_number(v)
    if type(x) is int:
        return x
    if x != x:
        return 0
    if math.isinf(x):
        return x
    return int(x)


def _relative(v: Any, length: int, default: int) -> int:
    """A relative index (negative counts from the end) clamped to [0, length]."""
    if v is UNDEFINED:
        return default
    n = _to_integer(v)
    if n < 0:
        return int(max(length + n, 0))
    return int(min(n, length))


def _no_method(recv: Any, name: str) -> JSError:
    return JSError(f"{typeof(recv)} value has no method {name}()")


def _str_recv(recv: Any, name: str) -> str | None:
    if type(recv) is str:
        return recv
    raise _no_method(recv, name)


_FIXED_CONTEXT = Context(prec=200, rounding=ROUND_HALF_UP)


def m_toFixed(recv: Any, digits: Any = UNDEFINED, *_extra: Any) -> Any:
    """Number.prototype.toFixed."""
    if not _is_number(recv):
        raise _no_method(recv, "toFixed")
    f = _to_integer(digits)
    if not 0 <= f <= 100:
        raise JSError("toFixed() digits argument must be between 0 and 100")
    x = float(recv)
    if x != x:
        return "NaN"
    if abs(x) >= 1e21:
        return to_string(x)
    if x == 0:
        x = 0.0  # -0 prints without a sign
    f = int(f)
    # Python's %f rounds the exact binary value correctly, ties to even; JS breaks ties
    # upwards in magnitude. A double m/2**k has exactly k decimals, so a tie at f digits
    # happens only when k == f + 1.
    if x.as_integer_ratio()[1].bit_length() - 2 != f:
        return f"{x:.{f}f}"
    sign = "-" if x < 0 else ""
    q = Decimal(abs(x)).quantize(Decimal(1).scaleb(-f), context=_FIXED_CONTEXT)
    return sign + format(q, "f")


def m_indexOf(recv: Any, search: Any = UNDEFINED, start: Any = UNDEFINED, *_extra: Any) -> Any:
    """String/Array.prototype.indexOf."""
    if type(recv) is list:
        n = len(recv)
        for i in range(_relative(start, n, 0), n):
            if strict_eq(recv[i], search):
                return i
        return -1
    s = _utf16(_str_recv(recv, "indexOf"))
    pos = min(max(_to_integer(start), 0), len(s))
    return s.find(_utf16(to_string(search)), int(pos))


def m_includes(recv: Any, search: Any = UNDEFINED, start: Any = UNDEFINED, *_extra: Any) -> Any:
    """String/Array.prototype.includes (arrays use SameValueZero: NaN is found)."""
    if type(recv) is list:
        n = len(recv)
        nan = type(search) is float and search != search
        for i in range(_relative(start, n, 0), n):
            x = recv[i]
            if strict_eq(x, search) or nan and type(x) is float and x != x:
                return True
        return False
    s = _utf16(_str_recv(recv, "includes"))
    pos = min(max(_to_integer(start), 0), len(s))
    return s.find(_utf16(to_string(search)), int(pos)) >= 0


def m_slice(recv: Any, start: Any = UNDEFINED, end: Any = UNDEFINED, *_extra: Any) -> Any:
    """String/Array.prototype.slice."""
    if type(recv) is list:
        n = len(recv)
        return recv[_relative(start, n, 0) : _relative(end, n, n)]
    s = _utf16(_str_recv(recv, "slice"))
    n = len(s)
    return _from_utf16(s[_relative(start, n, 0) : _relative(end, n, n)])


def m_substring(recv: Any, start: Any = UNDEFINED, end: Any = UNDEFINED, *_extra: Any) -> Any:
    """String.prototype.substring (clamps and swaps its bounds)."""
    s = _utf16(_str_recv(recv, "substring"))
    n = len(s)
    a = int(min(max(_to_integer(start), 0), n))
    b = n if end is UNDEFINED else int(min(max(_to_integer(end), 0), n))
    a, b = min(a, b), max(a, b)
    return _from_utf16(s[a:b])


def m_substr(recv: Any, start: Any = UNDEFINED, length: Any = UNDEFINED, *_extra: Any) -> Any:
    """String.prototype.substr (Annex B)."""
    s = _utf16(_str_recv(recv, "substr"))
    n = len(s)
    a = _relative(start, n, 0)
    count = n if length is UNDEFINED else _to_integer(length)
    b = int(min(a + max(count, 0), n))
    return _from_utf16(s[a:b]) if b > a else ""


def m_split(recv: Any, sep: Any = UNDEFINED, limit: Any = UNDEFINED, *_extra: Any) -> Any:
    """String.prototype.split with a string separator."""
    s = _str_recv(recv, "split")
    lim = 2**32 - 1 if limit is UNDEFINED else int(_to_uint32(limit))
    if lim == 0:
        return []
    if sep is UNDEFINED:
        return [s]
    sep = to_string(sep)
    parts = [_from_utf16(c) for c in _utf16(s)] if sep == "" else s.split(sep)
    return parts[:lim]


def _to_uint32(v: Any) -> int:
    x = to_number(v)
    if x != x or math.isinf(x):
        return 0
    return int(x) % 2**32


def m_trim(recv: Any, *_extra: Any) -> Any:
    """String.prototype.trim (JS whitespace and line terminators)."""
    return _str_recv(recv, "trim").strip(_JS_WS)


def m_toUpperCase(recv: Any, *_extra: Any) -> Any:
    """String.prototype.toUpperCase."""
    return _str_recv(recv, "toUpperCase").upper()


def m_toLowerCase(recv: Any, *_extra: Any) -> Any:
    """String.prototype.toLowerCase."""
    return _str_recv(recv, "toLowerCase").lower()


_DOLLAR = re.compile(r"\$([$&`']|$)?")


def m_replace(
    recv: Any, pattern: Any = UNDEFINED, replacement: Any = UNDEFINED, *_extra: Any
) -> Any:
    """String.prototype.replace with a string pattern (first occurrence; ``$&``,
    ``$$``, ``$` ``, ``$'`` in the replacement)."""
    s = _str_recv(recv, "replace")
    pat = to_string(pattern)
    i = s.find(pat)
    rep = to_string(replacement)
    if i < 0:
        return s
    j = i + len(pat)

    def expand(m: re.Match[str]) -> str:
        c = m.group(1)
        if c == "$":
            return "$"
        if c == "&":
            return pat
        if c == "`":
            return s[:i]
        if c == "'":
            return s[j:]
        return m.group(0)

    if "$" in rep:
        rep = _DOLLAR.sub(expand, rep)
    return s[:i] + rep + s[j:]


def m_charAt(recv: Any, pos: Any = UNDEFINED, *_extra: Any) -> Any:
    """String.prototype.charAt (one UTF-16 code unit, '' when out of range)."""
    s = _utf16(_str_recv(recv, "charAt"))
    i = _to_integer(pos)
    return _from_utf16(s[int(i)]) if 0 <= i < len(s) else ""


def m_startsWith(recv: Any, search: Any = UNDEFINED, pos: Any = UNDEFINED, *_extra: Any) -> Any:
    """String.prototype.startsWith."""
    s = _utf16(_str_recv(recv, "startsWith"))
    start = int(min(max(_to_integer(pos), 0), len(s)))
    return s.startswith(_utf16(to_string(search)), start)


def m_endsWith(recv: Any, search: Any = UNDEFINED, end_pos: Any = UNDEFINED, *_extra: Any) -> Any:
    """String.prototype.endsWith."""
    s = _utf16(_str_recv(recv, "endsWith"))
    end = len(s) if end_pos is UNDEFINED else int(min(max(_to_integer(end_pos), 0), len(s)))
    return s[:end].endswith(_utf16(to_string(search)))


def m_padStart(recv: Any, max_length: Any = UNDEFINED, fill: Any = UNDEFINED, *_extra: Any) -> Any:
    """String.prototype.padStart."""
    return _pad(_str_recv(recv, "padStart"), max_length, fill, at_start=True)


def _pad(s: str, max_length: Any, fill: Any, *, at_start: bool) -> str:
    u = _utf16(s)
    target = _to_integer(max_length)
    filler = " " if fill is UNDEFINED else _utf16(to_string(fill))
    if target <= len(u) or filler == "":
        return s
    if target > 2**30:
        raise JSError("Invalid string length")
    need = int(target) - len(u)
    pad = (filler * (need // len(filler) + 1))[:need]
    return _from_utf16(pad + u if at_start else u + pad)


def m_join(recv: Any, sep: Any = UNDEFINED, *_extra: Any) -> Any:
    """Array.prototype.join (null/undefined items print as '')."""
    if type(recv) is not list:
        raise _no_method(recv, "join")
    return _join(recv, "," if sep is UNDEFINED else to_string(sep))


def m_concat(recv: Any, *items: Any) -> Any:
    """Array.prototype.concat (array arguments are spread, others appended)."""
    if type(recv) is not list:
        if type(recv) is str:
            return recv + "".join(to_string(x) for x in items)
        raise _no_method(recv, "concat")
    out = list(recv)
    for x in items:
        if type(x) is list:
            out.extend(x)
        else:
            out.append(x)
    return out


def _callback(recv: Any, fn: Any, name: str) -> None:
    if type(recv) is not list:
        raise _no_method(recv, name)
    if not callable(fn):
        raise JSError(f"{typeof(fn) if fn is not UNDEFINED else 'undefined'} is not a function")


def m_some(recv: Any, fn: Any = UNDEFINED, *_extra: Any) -> Any:
    """Array.prototype.some with an arrow-function callback ``(item, index, array)``."""
    _callback(recv, fn, "some")
    return any(truthy(fn(x, i, recv)) for i, x in enumerate(recv))


def m_every(recv: Any, fn: Any = UNDEFINED, *_extra: Any) -> Any:
    """Array.prototype.every."""
    _callback(recv, fn, "every")
    return all(truthy(fn(x, i, recv)) for i, x in enumerate(recv))


def m_filter(recv: Any, fn: Any = UNDEFINED, *_extra: Any) -> Any:
    """Array.prototype.filter."""
    _callback(recv, fn, "filter")
    return [x for i, x in enumerate(recv) if truthy(fn(x, i, recv))]


def m_map(recv: Any, fn: Any = UNDEFINED, *_extra: Any) -> Any:
    """Array.prototype.map."""
    _callback(recv, fn, "map")
    return [fn(x, i, recv) for i, x in enumerate(recv)]


def m_find(recv: Any, fn: Any = UNDEFINED, *_extra: Any) -> Any:
    """Array.prototype.find."""
    _callback(recv, fn, "find")
    return next((x for i, x in enumerate(recv) if truthy(fn(x, i, recv))), UNDEFINED)


def m_findIndex(recv: Any, fn: Any = UNDEFINED, *_extra: Any) -> Any:
    """Array.prototype.findIndex."""
    _callback(recv, fn, "findIndex")
    return next((i for i, x in enumerate(recv) if truthy(fn(x, i, recv))), -1)


_MISSING: Any = object()  # an argument the call did not pass (differs from undefined)
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def m_toString(recv: Any, radix: Any = UNDEFINED, *_extra: Any) -> Any:
    """``String(recv)``; for a number, Number.prototype.toString(radix). A radix other
    than 10 works for safe integers (|x| <= 2**53); engines print other numbers with
    shortest round-trip digits in that radix, which templates do not reproduce."""
    if not _is_number(recv) or radix is UNDEFINED:
        return to_string(recv)
    r = _to_integer(radix)
    if not 2 <= r <= 36:
        raise JSError("toString() radix must be between 2 and 36")
    x = recv
    if r == 10 or x != x or math.isinf(x):
        return to_string(x)
    if x != int(x) or abs(x) > _MAX_SAFE:
        raise JSError("toString(radix) is only supported for safe integers in templates")
    n, r = abs(int(x)), int(r)
    digits = []
    while True:
        n, d = divmod(n, r)
        digits.append(_DIGITS[d])
        if not n:
            break
    return ("-" if x < 0 else "") + "".join(reversed(digits))


def m_lastIndexOf(recv: Any, search: Any = UNDEFINED, start: Any = _MISSING, *_extra: Any) -> Any:
    """String/Array.prototype.lastIndexOf."""
    if type(recv) is list:
        n = len(recv)
        if start is _MISSING:
            k = n - 1
        else:
            f = _to_integer(start)
            if f == -math.inf:
                return -1
            k = int(min(f, n - 1)) if f >= 0 else int(n + f)
        for i in range(k, -1, -1):
            if strict_eq(recv[i], search):
                return i
        return -1
    s = _utf16(_str_recv(recv, "lastIndexOf"))
    sub = _utf16(to_string(search))
    pos = math.inf if start is _MISSING else to_number(start)
    pos = math.inf if pos != pos else _to_integer(pos)
    at = int(min(max(pos, 0), len(s)))
    return s.rfind(sub, 0, at + len(sub))


def m_padEnd(recv: Any, max_length: Any = UNDEFINED, fill: Any = UNDEFINED, *_extra: Any) -> Any:
    """String.prototype.padEnd."""
    return _pad(_str_recv(recv, "padEnd"), max_length, fill, at_start=False)


def m_repeat(recv: Any, count: Any = UNDEFINED, *_extra: Any) -> Any:
    """String.prototype.repeat."""
    s = _str_recv(recv, "repeat")
    n = _to_integer(count)
    if n < 0 or math.isinf(n):
        raise JSError("repeat() count must be a finite number >= 0")
    if s and n * _utf16_len(s) > 2**30:
        raise JSError("Invalid string length")
    return s * int(n)


def m_trimStart(recv: Any, *_extra: Any) -> Any:
    """String.prototype.trimStart."""
    return _str_recv(recv, "trimStart").lstrip(_JS_WS)


def m_trimEnd(recv: Any, *_extra: Any) -> Any:
    """String.prototype.trimEnd."""
    return _str_recv(recv, "trimEnd").rstrip(_JS_WS)


#: Methods a template may call on a value; the compiler rejects any other name.
METHODS: dict[str, Any] = {
    name[2:]: fn for name, fn in list(globals().items()) if name.startswith("m_")
}


def method(recv: Any, name: str, *args: Any) -> Any:
    """Call the whitelisted method ``name`` on ``recv``; forgiving on null/undefined."""
    if recv is None or recv is UNDEFINED:
        return UNDEFINED
    return METHODS[name](recv, *args)


def method_lazy(recv: Any, name: str, args: Callable[[], tuple[Any, ...]]) -> Any:
    """``method`` whose arguments are evaluated only when the receiver is not
    null/undefined (as ``recv?.name(args)`` would), for arguments that may raise."""
    if recv is None or recv is UNDEFINED:
        return UNDEFINED
    return METHODS[name](recv, *args())


def to_json_value(value: Any) -> Any:
    """``value`` as ``JSON.parse(JSON.stringify(value))`` would give it back.

    Render-time values may hold ``UNDEFINED`` (a prop bound to a missing path) and
    non-finite numbers; JSON drops ``undefined`` object members, turns ``undefined``
    array items and ``NaN``/``Infinity`` into ``null``. Everything that crosses a layer
    goes through this, so no message can fail to serialize.
    """
    if value is UNDEFINED:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items() if v is not UNDEFINED}
    if isinstance(value, list | tuple):
        return [to_json_value(v) for v in value]
    return value


def json_dumps(value: Any) -> str:
    """``JSON.stringify`` semantics for messages (see ``to_json_value``), as compact as
    ``JSON.stringify`` writes them (a first page's patch is 10% smaller than with spaces)."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return json.dumps(to_json_value(value), ensure_ascii=False, default=str,
                          separators=(",", ":"))
