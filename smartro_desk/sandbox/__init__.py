"""A local stand-in for the Smartro cancel endpoint and notification sender (no Qt)."""

from smartro_desk.sandbox.cli import add_sandbox_parser, run_sandbox
from smartro_desk.sandbox.demo import demo_month
from smartro_desk.sandbox.notify import DeliveryReport, post_notification
from smartro_desk.sandbox.handler import CANCEL_PATH
from smartro_desk.sandbox.server import Sandbox

__all__ = [
    "CANCEL_PATH", "DeliveryReport", "Sandbox", "add_sandbox_parser", "demo_month",
    "post_notification", "run_sandbox",
]
