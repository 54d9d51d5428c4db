"""smartro_desk: a desktop console for merchants paid through Smartro WEBLink."""

__version__ = "0.1.0"
