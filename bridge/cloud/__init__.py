"""fanxing.bridge.cloud: the local mini-program cloud.

Cloud functions on Node (``functions``), a document database on SQLite or PostgreSQL
(``database``), ``cloud://`` file storage (``storage``), open-platform calls
(``openapi``) and the client APIs (``apis``: ``wx.cloud.*``, ``my.cloud.*``). One
``Cloud`` per app, shared by every host profile. See docs/cloud.md.
"""

from .cloud import Cloud, close_cloud, open_cloud
from .database.permissions import PermissionDenied
from .database.query import QueryError
from .database.store import Database
from .functions.pool import FunctionError, Invocation, Limits
from .storage import StorageError

__all__ = ["Cloud", "Database", "FunctionError", "Invocation", "Limits", "PermissionDenied",
           "QueryError", "StorageError", "close_cloud", "open_cloud"]
