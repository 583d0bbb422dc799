"""HostApp: the embedding API for host-app teams.

One ``HostApp`` describes your host application: its profile, data folder and
signed-in user, the custom APIs it offers, what each mini-program may call and reach,
and the payment / identity / location providers. ``bridge(app_id, host)`` makes the
``Bridge`` for one mini-program (the runtime container does this when it launches one).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .bridge import Bridge
from .cloud import Cloud
from .custom import custom_spec
from .devices import DEFAULT_DEVICE, Device
from .host import Host
from .identity import IdentityService
from .location import FixedLocation, LocationProvider
from .network import MockRule, NetworkService
from .ocr import FixedOcr, OcrProvider
from .payment import Ledger, PaymentProvider, SimulatedCashier
from .permissions import AppPolicy
from .profiles import Profile, load_profile
from .registry import Registry
from .system import Clipboard


class HostApp:
    """A host application that runs mini-programs (see docs/bridge.md)."""

    def __init__(self, profile: str | Path | Profile, *, data_dir: str | Path, user: str,
                 device: str | Path | Device = DEFAULT_DEVICE,
                 payment: PaymentProvider | None = None,
                 identity: IdentityService | None = None,
                 location: LocationProvider | None = None, cloud: Cloud | None = None,
                 ocr: OcrProvider | None = None) -> None:
        self.profile = load_profile(profile)
        self.data_dir = Path(data_dir)
        self.user = user
        self.device = device
        self.apis = Registry()
        self.policies: dict[str, AppPolicy] = {}
        self.payment: PaymentProvider = payment or SimulatedCashier()
        self.identity = identity or IdentityService()
        self.location: LocationProvider = location or FixedLocation()
        self.ocr: OcrProvider = ocr or FixedOcr()
        self.ledger = Ledger(self.data_dir / "payments" / "ledger.json")
        self.clipboard = Clipboard()
        self.mocks: list[MockRule] = []
        #: A cloud shared by every app of this host (e.g. one PostgreSQL database for a
        #: team: ``Cloud(folder, database_url="postgresql://…")``); None: one per app.
        self.cloud = cloud

    # -- custom APIs ------------------------------------------------------------------

    def register_api(self, name: str, fn: Callable[..., Any],
                     schema: dict[str, Any] | None = None, *, namespace: str | None = None,
                     sync: bool = False) -> None:
        """Offer ``fn`` to mini-programs (see ``Bridge.register_api`` for the rules).

        ``schema`` maps parameter names to types (``{"amount": "number!"}``; ``!`` means
        required); bad arguments fail in the dialect's shape before ``fn`` runs.
        """
        self.apis.add_spec(custom_spec(name, fn, schema, namespace, sync))

    # -- per mini-program permissions -------------------------------------------------

    def policy(self, app_id: str) -> AppPolicy:
        """The (mutable) policy of one mini-program."""
        return self.policies.setdefault(app_id, AppPolicy())

    def grant_apis(self, app_id: str, *names: str) -> None:
        """Allow only the listed APIs (full names or globs like ``my.tb.*``) plus earlier grants."""
        p = self.policy(app_id)
        p.allow_apis = (p.allow_apis or set()) | set(names)

    def deny_apis(self, app_id: str, *names: str) -> None:
        """Refuse these APIs to this mini-program (calls fail with "no permission")."""
        self.policy(app_id).deny_apis.update(names)

    def allow_domains(self, app_id: str, *domains: str) -> None:
        """Add hosts to the mini-program's network whitelist."""
        self.policy(app_id).domains.extend(domains)

    def set_domain_check(self, app_id: str, enabled: bool) -> None:
        """The development switch: ``False`` lets the app reach any domain."""
        self.policy(app_id).check_domains = enabled

    # -- mini-programs ----------------------------------------------------------------

    def bridge(self, app_id: str, host: Host, *, store_id: str | None = None) -> Bridge:
        """The bridge for one mini-program, shown through ``host``. Its data is keyed by
        ``app_id`` (your own id for it) unless ``store_id`` says otherwise."""
        return Bridge(
            self.profile, data_dir=self.data_dir, user=self.user, app_id=app_id, host=host,
            store_id=store_id,
            device=self.device, apis=self.apis, policy=self.policy(app_id),
            payment=self.payment, ledger=self.ledger, identity=self.identity,
            location=self.location, ocr=self.ocr, clipboard=self.clipboard,
            network=NetworkService(self.data_dir / "files", mocks=self.mocks), cloud=self.cloud,
        )

    def exchange_auth_code(self, code: str, app_id: str | None = None) -> dict[str, Any]:
        """What a mini-program's backend does with an auth code: user id and profile, once."""
        return self.identity.exchange(code, app_id)
