"""The Qt side: main window, table models, dialogs, workers. Only this package imports PySide6."""
