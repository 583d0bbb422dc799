"""The logic layer: an app's JavaScript in QuickJS, one context and thread per app.

``LogicEngine`` runs App/Page/Component of both dialects (``js/framework.js``) under
time, memory and stack ``Limits``; ``Clock`` drives its timers and ``Date``.
"""

from fanxing.runtime.logic.clock import Clock, ManualClock, RealClock
from fanxing.runtime.logic.engine import Limits, LogicEngine, LogicEngineError

__all__ = ["Clock", "Limits", "LogicEngine", "LogicEngineError", "ManualClock", "RealClock"]
