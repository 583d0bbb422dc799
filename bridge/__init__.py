"""fanxing.bridge: API registry, host profiles, device presets, capabilities,
permissions and consent, and the embedding API for host apps.

Front doors: ``Bridge`` (one mini-program, used by the runtime container), ``HostApp``
(a host program embedding fanxing), ``ScriptedHost`` / ``Answers`` (headless answers),
``load_profile`` / ``load_device``. See docs/bridge.md.
"""

from importlib import resources

from .bridge import Bridge
from .devices import Device, builtin_devices, load_device
from .embed import HostApp
from .errors import ApiError
from .host import Answers, Host, ScriptedHost
from .identity import AuthCodeError, IdentityService
from .location import FixedLocation, LocationProvider, Position
from .network import MockRule, NetworkService
from .payment import Ledger, Order, PaymentProvider, SimulatedCashier
from .permissions import AppPolicy
from .profiles import Profile, builtin_profiles, load_profile

# api.js first (conventions, namespaces, canIUse), then the scripts that build API objects.
API_SCRIPTS = ("api.js", "objects.js", "socket.js", "fs.js", "managers.js")
# The cloud's client half: the query builder (shared with Node functions), then wx.cloud / my.cloud.
CLOUD_SCRIPTS = ("database.js", "client.js")


def api_script() -> str:
    """The bridge's JS half: bridge/js/api.js followed by the object factories
    (objects.js, socket.js, fs.js, managers.js) and the cloud client (cloud/js), evaluated in
    the logic context after the framework."""
    folder = resources.files("fanxing.bridge") / "js"
    cloud = resources.files("fanxing.bridge.cloud") / "js"
    return "\n".join([*((folder / name).read_text("utf-8") for name in API_SCRIPTS),
                      *((cloud / name).read_text("utf-8") for name in CLOUD_SCRIPTS)])


__all__ = [
    "Answers", "ApiError", "AppPolicy", "AuthCodeError", "Bridge", "Device", "FixedLocation",
    "Host", "HostApp", "IdentityService", "Ledger", "LocationProvider", "MockRule",
    "NetworkService", "Order", "PaymentProvider", "Position", "Profile", "ScriptedHost",
    "SimulatedCashier", "api_script", "builtin_devices", "builtin_profiles", "load_device",
    "load_profile",
]
