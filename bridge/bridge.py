"""Bridge: the container-facing front door of the bridge for one mini-program.

``Bridge(profile, data_dir=…, user=…, app_id=…, host=…)`` resolves which APIs exist
under the profile, answers ``api_table()`` / ``sync_state()`` for the JS side and runs
calls with ``await bridge.call(name, args)`` (or ``bridge.call_sync``).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .analytics import AnalyticsLog
from .api_mocks import ApiMock, unknown_api
from .app_identity import check_app_id
from .availability import INTERNAL_NS, profile_apis
from .cloud import Cloud, close_cloud
from .cloud.apis import attach as attach_cloud
from .cloud.apis import cloud_of
from .context import ApiContext, no_permission, resolve
from .custom import custom_spec
from .devices import DEFAULT_DEVICE, Device, load_device
from .errors import NOT_FOUND, UNKNOWN, WECHAT, ApiError, ok_message
from .ext_config import read_ext_config
from .files import mirror as file_mirror
from .hardware import Sensors, battery_state, set_battery, set_weak_network
from .host import Host
from .identity import IdentityService
from .location import FixedLocation, LocationProvider
from .media_sessions import MediaSessions
from .network import NetworkService
from .ocr import FixedOcr, OcrProvider
from .payment import Ledger, PaymentProvider, SimulatedCashier
from .permissions import AppPolicy, ConsentStore
from .profiles import Profile, load_profile, namespace_hosts
from .registry import ApiSpec, Registry
from .sandbox import Sandbox
from .schema import validate
from .socket import SocketService
from .storage import StorageStore
from .system import Clipboard, account_info, env_info, system_info
from .view import menu_button_rect, set_theme
from .worker import Workers

log = logging.getLogger("fanxing.bridge")

CallListener = Callable[[str, dict[str, Any], bool, Any], None]


class Bridge:
    """The bridge for one mini-program (``app_id``) of one ``user`` under one profile."""

    def __init__(
        self,
        profile: str | Path | Profile,
        *,
        data_dir: str | Path,
        user: str,
        app_id: str,
        host: Host,
        device: str | Path | Device = DEFAULT_DEVICE,
        apis: Registry | None = None,
        policy: AppPolicy | None = None,
        payment: PaymentProvider | None = None,
        ledger: Ledger | None = None,
        identity: IdentityService | None = None,
        location: LocationProvider | None = None,
        ocr: OcrProvider | None = None,
        network: NetworkService | None = None,
        clipboard: Clipboard | None = None,
        store_id: str | None = None,
        cloud: Cloud | None = None,
    ) -> None:
        self.profile = load_profile(profile)
        self.device = load_device(device)
        self.data_dir = Path(data_dir)
        self.user, self.app_id, self.host = user, check_app_id(app_id), host
        #: The key of the app's data on disk (storage, consent, files): ``app_id`` unless
        #: the container derived one that cannot alias another project (app_identity).
        self.store_id = check_app_id(store_id, "store id") if store_id else self.app_id
        self.policy = policy or AppPolicy()
        self.problems: list[str] = []  # reported trouble, e.g. a quarantined storage file
        #: Listeners for what the developer should see: ``fn(level, text)``, level
        #: ``"warn"`` (e.g. a request off the whitelist let through) or ``"error"``.
        self.notices: list[Callable[[str, str], None]] = []
        limits = self.profile.limits
        self.storage = StorageStore(
            self.data_dir, self.profile.name, self.store_id, user,
            key_limit=limits.get("storageKeyBytes", 200 * 1024),
            total_limit=limits.get("storageTotalBytes", 10 * 1024 * 1024),
            report=self._problem)
        self.consent = ConsentStore(self.data_dir, self.profile.name, self.store_id, user,
                                    report=self._problem)
        self.payment = payment or SimulatedCashier()
        self.ledger = ledger or Ledger(self.data_dir / "payments" / "ledger.json",
                                       report=self._problem)
        self.identity = identity or IdentityService()
        self.location = location or FixedLocation()
        self.ocr = ocr or FixedOcr()
        self.network = network or NetworkService(self.data_dir / "files")
        self.clipboard = clipboard or Clipboard()
        self.network_type = "wifi"
        self.analytics = AnalyticsLog()  # reportEvent / reportAnalytics
        self.sockets = SocketService()
        self.package_dir: Path | None = None  # the app's folder (getImageInfo('/a.png'))
        self.media = MediaSessions(self)  # contexts and managers; emit() drives their events
        self.sensors = Sensors(self)  # compass, accelerometer…: running ones, drive()
        self.workers = Workers(self)  # createWorker: QuickJS contexts on their own threads
        self.brightness = 0.5  # setScreenBrightness, kept per app
        self.battery: dict[str, Any] = {"level": 100, "isCharging": False}
        self.listeners: list[CallListener] = []
        self.api_mocks: dict[str, ApiMock] = {}  # mock_api(): canned answers by full name
        self._extra = apis or Registry()
        self._apis = self._resolve()
        self._cloud: Cloud | None = None
        self._cloud_opened = False  # opened here (released at aclose), not handed in
        if cloud is not None:
            attach_cloud(cloud, self)

    @property
    def has_cloud(self) -> bool:
        """Whether the app has used its cloud yet (panels show it only then)."""
        return self._cloud is not None

    @property
    def cloud(self) -> Cloud:
        """The app's local cloud (functions, database, storage), opened on first use under
        ``data_dir/cloud/<app>`` and shared by every profile running this app."""
        return cloud_of(self)

    # -- which APIs exist ----------------------------------------------------------

    def _resolve(self) -> dict[str, ApiSpec]:
        return profile_apis(self.profile, self._extra)

    def register_api(self, name: str, fn: Callable[..., Any], schema: dict[str, Any] | None = None,
                     *, namespace: str | None = None, sync: bool = False) -> None:
        """Add a host API: ``fn(params)`` or ``fn(params, call)``, plain or ``async``.

        ``namespace=None``: reachable as ``my.call(name, params)`` (Alipay family);
        otherwise as ``<namespace>.<name>`` (``"my"``, ``"wx"`` or a namespace of your own,
        e.g. ``"bank"``). ``sync=True`` runs a plain function inline on the bridge's loop
        (keep it quick); the default runs it in a worker thread. Register before the app
        launches: the JS API table is built once per launch.
        """
        self._extra.add_spec(custom_spec(name, fn, schema, namespace, sync))
        self._apis = self._resolve()

    def custom_api(self, name: str) -> ApiSpec | None:
        """A host API registered without a namespace (reached through ``my.call``)."""
        return next((s for s in self._extra if s.custom and s.namespace == "" and s.name == name),
                    None)

    def has_api(self, full_name: str) -> bool:
        return full_name in self._apis

    def api_spec(self, full_name: str) -> ApiSpec | None:
        """The spec behind ``full_name`` under this profile (None: not offered)."""
        return self._apis.get(full_name)

    # -- mocks ------------------------------------------------------------------------

    def mock_api(self, name: str, result: Any = None, *,
                 fn: Callable[[dict[str, Any]], Any] | None = None, fail: str | None = None,
                 code: int = UNKNOWN, times: int | None = None) -> ApiMock:
        """Answer API ``name`` (``my.getLocation``) with ``result`` (or ``fn(args)``, or a
        failure ``fail`` with ``code``) instead of its handler; see ``api_mocks``.
        Raises ``ValueError`` for an API the profile does not offer."""
        spec = self._apis.get(name)
        if spec is None or name.startswith(INTERNAL_NS + "."):
            table = self.api_table()["apis"]
            if name in table:
                raise ValueError(f"mock_api: {name!r} registers an event listener; "
                                 "fire the event with Bridge.emit instead")
            raise unknown_api(name, table, self.profile.name)
        mock = ApiMock(name, result, fn=fn, fail=fail, code=code, times=times)
        if spec.kind == "sync":
            entry = mock.sync_json()
            # a JSON merge patch merges objects: drop the old mock before setting the new
            self.notify_sync({"apiMocks": {name: None}})
            self.notify_sync({"apiMocks": {name: entry}})
        elif spec.kind != "async":
            raise ValueError(f"mock_api: {name!r} is not a call ({spec.kind})")
        self.api_mocks[name] = mock
        return mock

    def unmock_api(self, name: str | None = None) -> None:
        """Drop the mock of ``name`` (all mocks when None): the real API answers again."""
        names = [name] if name else list(self.api_mocks)
        for n in names:
            if self.api_mocks.pop(n, None) is not None and self._apis[n].kind == "sync":
                self.notify_sync({"apiMocks": {n: None}})

    # -- JS-facing data ---------------------------------------------------------------

    def api_table(self) -> dict[str, Any]:
        """The JSON ``__fx.apiTable`` (see bridge/js/api.js and docs/bridge.md)."""
        p = self.profile
        apis: dict[str, Any] = {}
        for full, spec in sorted(self._apis.items()):
            if full.startswith(INTERNAL_NS + "."):
                continue
            entry = spec.table_entry()
            if not self.policy.api_allowed(full) or not self._host_supports(spec):
                entry["canIUse"] = False
            if spec.kind == "event":
                ns, _, short = full.rpartition(".")
                apis[f"{ns}.on{short}"] = {**entry, "kind": "on"}
                apis[f"{ns}.off{short}"] = {**entry, "kind": "off"}
            else:
                apis[full] = entry
        custom = sorted(s.name for s in self._extra if s.custom and s.namespace == "")
        components = {k: v for k, v in (p.get("components") or {}).items() if v is not None}
        return {
            "profile": p.name, "dialect": p.dialect, "base": p.base,
            "namespaces": p.namespaces, "apis": apis, "custom": custom,
            "props": self._props(), "components": components,
            "hosts": {ns: list(names) for ns, names in namespace_hosts(p.dialect).items()
                      if ns not in p.namespaces},
        }

    def _props(self) -> dict[str, Any]:
        base = self.profile.base
        if self.profile.dialect == WECHAT:
            return {"wx.env": {"USER_DATA_PATH": "wxfile://usr"}}
        return {f"{base}.SDKVersion": self.profile.get("SDKVersion"),
                f"{base}.env": env_info(self)}

    def _host_supports(self, spec: ApiSpec) -> bool:
        return not (spec.name == "tradePay" and not self.profile.payment)

    def sync_state(self) -> dict[str, Any]:
        """The JSON ``__fx.syncState`` the ``*Sync`` APIs answer from."""
        info = system_info(self)
        limits = {"keyBytes": self.storage.key_limit, "totalBytes": self.storage.total_limit}
        return {
            "storage": self.storage.mirror(), "storageLimits": limits,
            "systemInfo": info, "env": env_info(self), "accountInfo": account_info(self),
            "appId": self.app_id, "launchOptions": None, "networkType": self.network_type,
            "rpx": self.device.rpx, "menuButton": menu_button_rect(self),
            "files": file_mirror(self), "fileAreas": self._file_areas(),
            "battery": battery_state(self), "extConfig": read_ext_config(self),
            "apiMocks": {n: m.sync_json() for n, m in self.api_mocks.items()
                         if self._apis[n].kind == "sync"},
        }

    def _file_areas(self) -> dict[str, str]:
        box = Sandbox(self)
        return {"usr": box.usr_prefix, "store": box.store_prefix, "tmp": box.tmp_prefix}

    def set_theme(self, theme: str) -> None:
        """Simulate a system theme switch (``light``/``dark``): fires ``onThemeChange``."""
        set_theme(self, theme)

    def set_battery(self, level: int, charging: bool = False) -> None:
        """Simulate the battery (``level`` 0–100): ``getBatteryInfo(Sync)`` answer it."""
        set_battery(self, level, charging)

    def set_weak_network(self, weak: bool) -> None:
        """Simulate a weak network: fires WeChat's ``onNetworkWeakChange``."""
        set_weak_network(self, weak)

    async def aclose(self) -> None:
        """Close what outlives a call (open WebSockets, workers, the storage database)."""
        self.workers.close_all()
        await self.sockets.close_all()
        self.storage.close()
        if self._cloud is not None:
            cloud, self._cloud = self._cloud, None
            hub = getattr(self, "_cloud_watch", None)
            if hub is not None:
                hub.close()
            if cloud.payment_settled in self.ledger.hooks:
                self.ledger.hooks.remove(cloud.payment_settled)
            if self._cloud_opened:
                self._cloud_opened = False
                await asyncio.to_thread(close_cloud, cloud)

    def _problem(self, text: str) -> None:
        self.problems.append(text)
        self.notify("error", text)

    def notify(self, level: str, text: str) -> None:
        """Tell the developer (the container's console / error log) about ``text``."""
        for fn in list(self.notices):
            try:
                fn(level, text)
            except Exception:
                log.exception("bridge notice listener failed")
        if not self.notices:
            log.warning("%s", text)

    def notify_sync(self, patch: dict[str, Any]) -> None:
        """Tell the JS mirror about a change made on the Python side (via ``Host.sync``)."""
        self.host.sync(patch)

    def emit(self, event: str, payload: Any) -> None:
        """Fire a host event for the JS ``on<Event>`` listeners (``networkStatusChange``…)."""
        self.host.event(event, payload)

    def send_event(self, name: str, data: Any = None) -> None:
        """A custom event of the host app for the mini-program's ``my.on(name, fn)``
        listeners (mPaaS "native to mini-program" events)."""
        self.emit(f"native:{name}", data)

    def set_network_type(self, network_type: str) -> None:
        """Simulate a network change (``wifi``, ``4g``, ``none``…)."""
        self.network_type = network_type
        self.notify_sync({"networkType": network_type})
        connected = network_type != "none"
        if self.profile.dialect == WECHAT:
            self.emit("networkStatusChange", {"isConnected": connected, "networkType": network_type})
        else:
            self.emit("networkStatusChange", {"isConnected": connected,
                                              "networkType": network_type.upper()})

    # -- calls ------------------------------------------------------------------------

    async def call(self, name: str, args: dict[str, Any] | None = None) -> Any:
        """Run API ``name`` (``my.getLocation``) with ``args`` (callbacks already removed).

        Returns the success result (WeChat results carry ``errMsg: 'x:ok'``); raises
        ``ApiError`` whose ``payload`` is the dialect's fail object. Never raises anything
        else: unexpected handler failures become ``ApiError`` (logged with traceback).
        """
        ok, result = False, None
        try:
            result = await self._call(name, args)
            ok = True
            return result
        except ApiError as e:
            result = e.bind(name, self.profile.dialect).payload
            raise
        except Exception as e:  # a handler bug must reach JS as a fail, not a traceback
            log.exception("bridge: %s failed", name)
            err = ApiError(f"internal error: {type(e).__name__}: {e}", code=UNKNOWN)
            result = err.bind(name, self.profile.dialect).payload
            raise err from None
        finally:
            for listener in self.listeners:
                listener(name, dict(args or {}), ok, result)

    async def _call(self, name: str, args: dict[str, Any] | None) -> Any:
        spec = self._apis.get(name)
        if spec is None:
            raise ApiError(f"{name} is not available in {self.profile.name}", code=NOT_FOUND,
                           wx="not supported")
        if not name.startswith(INTERNAL_NS + ".") and not self.policy.api_allowed(name):
            raise no_permission(name)
        args = validate(spec.schema, args)
        mock = self.api_mocks.get(name)
        if mock is not None and mock.active:
            result = await resolve(mock.answer(args))
            return self._shape(name, spec, result)
        ctx = ApiContext(self, spec, name)
        if spec.handler is None:
            raise ApiError(f"{name} has no implementation", code=NOT_FOUND, wx="not supported")
        if inspect.iscoroutinefunction(spec.handler) or spec.inline:
            result = await resolve(spec.handler(ctx, args))
        else:
            result = await resolve(await asyncio.to_thread(spec.handler, ctx, args))
        return self._shape(name, spec, result)

    def _shape(self, name: str, spec: ApiSpec, result: Any) -> Any:
        """A handler's result as the dialect hands it back (WeChat ``errMsg``…)."""
        if spec.kind == "sync":
            return result
        if result is None:
            result = {}
        if isinstance(result, dict):
            if self.profile.dialect == WECHAT:
                result = {**result, "errMsg": ok_message(name)}
            elif not result:
                result = {"success": True}
        return result

    def call_sync(self, name: str, args: dict[str, Any] | None = None) -> Any:
        """``call`` for code without an event loop (scripts, the sample host, tests)."""
        return asyncio.run(self.call(name, args))
