"""Cancel requests to Smartro (§5): endpoints and the httpx client (no Qt)."""

from smartro_desk.cancel.client import CancelClient, CancelOutcome
from smartro_desk.cancel.endpoints import PRODUCTION, TEST, Endpoint, parse_endpoint

__all__ = ["PRODUCTION", "TEST", "CancelClient", "CancelOutcome", "Endpoint", "parse_endpoint"]
