"""A progress bar with a cancel button for the status bar: the window stays usable meanwhile."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from smartro_desk.ui.workers import ProgressUpdate, TaskHandle


class ProgressPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handle: TaskHandle | None = None
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(200)
        self.bar.setTextVisible(True)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText(self.tr("취소"))
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def start(self, text: str, handle: TaskHandle | None) -> None:
        self.handle = handle
        self.label.setText(text)
        self.bar.setRange(0, 0)  # busy until the first update says how much there is
        self.cancel_button.setEnabled(handle is not None)
        self.cancel_button.setText(self.tr("취소"))
        self.show()

    def set_text(self, text: str) -> None:
        self.label.setText(text)

    def update_progress(self, update: ProgressUpdate) -> None:
        if update.total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(min(1000, update.done * 1000 // update.total))
        else:
            self.bar.setRange(0, 0)

    def cancel(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.cancel_button.setEnabled(False)
            self.cancel_button.setText(self.tr("취소 중…"))

    def finish(self) -> None:
        self.handle = None
        self.hide()
