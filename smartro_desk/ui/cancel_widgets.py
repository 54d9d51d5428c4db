"""Pieces of the cancel dialogs: the endpoint banner, the amounts block, the sub-mall
split editor, the problem list, the masked request preview and the result panel.

They only render what the core computed (``CancelPlan``, ``CancelResult``); no
rule is decided here. Their own words go through Qt's translator; the core's
texts are shown in the ``lang`` they are given (the window's).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import urlsplit

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QGroupBox, QLabel, QPlainTextEdit, QPushButton, QSizePolicy, QSpinBox, QVBoxLayout,
    QWidget,
)

from smartro_desk.cancel.bulk import outcome_label
from smartro_desk.cancel.endpoints import Endpoint
from smartro_desk.cancel.plan import CancelPlan, kind_label
from smartro_desk.cancel.rules import Problem, amount_words, exception_text, is_english
from smartro_desk.cancel.service import CancelResult
from smartro_desk.ledger.backend import LedgerBusy
from smartro_desk.protocol.divide import SubMallShare
from smartro_desk.ui import messages

INT_MAX = 2_147_483_647  # QSpinBox holds a C int
RED, AMBER, GREEN, GREY = "#b00000", "#8a5a00", "#1d6b2c", "#555555"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
KOREAN = QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)
translate = QCoreApplication.translate

ENDPOINT_NAMES = {
    "sandbox": QT_TRANSLATE_NOOP("cancel_widgets", "로컬 샌드박스"),
    "test": QT_TRANSLATE_NOOP("cancel_widgets", "스마트로 테스트 서버"),
    "production": QT_TRANSLATE_NOOP("cancel_widgets", "운영 서버"),
    "custom": QT_TRANSLATE_NOOP("cancel_widgets", "직접 입력한 서버"),
}


def won(value: int | None) -> str:
    return "—" if value is None else translate("cancel_widgets", "{amount}원").format(amount=f"{value:,}")


def endpoint_name(endpoint: Endpoint) -> str:
    name = translate("cancel_widgets", ENDPOINT_NAMES.get(endpoint.kind, endpoint.kind))
    if endpoint.kind == "custom" and urlsplit(endpoint.base_url).hostname in LOOPBACK:
        name = translate("cancel_widgets", "이 컴퓨터의 서버")
    return f"{name} ({endpoint.base_url})"


def failure_text(exc: BaseException, lang: str) -> str:
    """What went wrong, for a message box in ``lang``: the cancel core's own English, a busy ledger in words."""
    if is_english(lang) and isinstance(exc, LedgerBusy):
        return translate("cancel_widgets", "원장을 다른 프로그램이나 사용자가 쓰고 있습니다. 잠시 뒤 다시 시도하세요.")
    if is_english(lang) and getattr(exc, "en", ""):
        return exception_text(exc, lang)
    return messages.describe(exc)


def money_spin(parent: QWidget, *, special: str = "") -> QSpinBox:
    """A won amount: whole numbers with thousands separators, "원" (or " won") after."""
    spin = QSpinBox(parent)
    spin.setLocale(KOREAN)
    spin.setGroupSeparatorShown(True)
    spin.setSuffix(translate("cancel_widgets", " 원"))
    spin.setRange(0, INT_MAX)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    spin.setKeyboardTracking(True)
    if special:
        spin.setSpecialValueText(special)
    return spin


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to ``width`` x ``height``, but never past the screen's free area (1366x768 laptops)."""
    screen = widget.screen()
    if screen is not None:
        free = screen.availableGeometry()
        width, height = min(width, free.width() - 40), min(height, free.height() - 60)
    widget.resize(width, height)


def endpoint_banner(endpoint: Endpoint, parent: QWidget) -> QLabel:
    """Red for production (real refunds), amber for an address typed in, grey for test servers."""
    url = endpoint.base_url
    if endpoint.is_production:
        text = translate("cancel_widgets", "운영 서버 — 실제로 고객에게 환불됩니다 ({url})").format(url=url)
        style = f"background:{RED}; color:white; font-weight:700; font-size:12pt; padding:6px;"
    elif endpoint.kind == "custom" and urlsplit(url).hostname in LOOPBACK:
        text = translate(
            "cancel_widgets", "이 컴퓨터의 서버로 보냅니다 ({url}) — 로컬 샌드박스라면 실제로 환불되지 않습니다").format(url=url)
        style = f"background:#e8eef5; color:{GREY}; padding:4px;"
    elif endpoint.kind == "custom":
        text = translate(
            "cancel_widgets", "직접 입력한 서버로 보냅니다: {url} — 실제 환불인지 확인하세요").format(url=url)
        style = f"background:#fff0c2; color:{AMBER}; font-weight:600; padding:5px;"
    else:
        text = translate("cancel_widgets", "연습용: {name} — 실제로 환불되지 않습니다").format(
            name=endpoint_name(endpoint))
        style = f"background:#e8eef5; color:{GREY}; padding:4px;"
    banner = QLabel(text, parent)
    banner.setObjectName("endpointBanner")
    banner.setStyleSheet(style)
    banner.setWordWrap(True)
    return banner


def _value_label(parent: QWidget, *, bold: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * (1.25 if bold else 1.1))
    font.setBold(bold)
    label.setFont(font)
    return label


class AmountsBlock(QGroupBox):
    """원금 / 취소된 금액 / 잔액, right-aligned, and the deadline (red when passed, in ``lang``)."""

    def __init__(self, parent: QWidget | None = None, *, lang: str = "ko") -> None:
        super().__init__(parent)
        self.lang = lang
        self.setTitle(self.tr("금액"))
        grid = QGridLayout(self)
        self.original = _value_label(self)
        self.cancelled = _value_label(self)
        self.remaining = _value_label(self, bold=True)
        self.deadline = QLabel(self)
        self.deadline.setWordWrap(True)
        self.deadline.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for row, (name, value) in enumerate((
            (self.tr("원금 (승인 금액)"), self.original), (self.tr("취소된 금액"), self.cancelled),
            (self.tr("잔액 (취소할 수 있는 금액)"), self.remaining), (self.tr("취소 기한"), self.deadline),
        )):
            grid.addWidget(QLabel(name, self), row, 0)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)

    def show_plan(self, plan: CancelPlan) -> None:
        target = plan.target
        self.original.setText(won(target.amount if target else None))
        self.cancelled.setText(won(target.cancelled if target else None))
        self.remaining.setText(won(target.remaining if target else None))
        deadline = plan.deadline
        passed = deadline is not None and deadline.passed
        text = deadline.label(self.lang) if deadline else self.tr("알 수 없음")
        self.deadline.setText(text + (self.tr(" — 지남") if passed and deadline and deadline.last_day else ""))
        self.deadline.setStyleSheet(f"color:{RED}; font-weight:700;" if passed else "")


class SplitEditor(QGroupBox):
    """Per sub-mall cancel amounts; the live sum is compared with the cancel amount."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("서브몰별 취소 금액"))
        self.spins: dict[str, QSpinBox] = {}
        self.left: dict[str, int | None] = {}
        self.grid = QGridLayout(self)
        for col, title in enumerate((self.tr("서브몰 MID"), self.tr("돌려줄 수 있는 몫"), self.tr("이번 취소 금액"))):
            header = QLabel(title, self)
            header.setStyleSheet(f"color:{GREY};")
            self.grid.addWidget(header, 0, col)
        self.sum_label = QLabel(self)
        self.sum_label.setWordWrap(True)
        self.fill_button = QPushButton(self.tr("남은 몫 그대로 채우기"), self)
        self.fill_button.setAutoDefault(False)
        self.fill_button.clicked.connect(self.fill_left)
        self.grid.setColumnStretch(2, 1)

    def set_choices(self, sub_malls: Sequence[tuple[str, int | None]]) -> None:
        """Build the rows once (MIDs from ``plan.sub_malls``)."""
        row = 1
        for mid, left in sub_malls:
            self.left[mid] = left
            spin = money_spin(self)
            spin.setObjectName(f"share_{mid}")
            spin.valueChanged.connect(self.changed)
            self.spins[mid] = spin
            self.grid.addWidget(QLabel(mid, self), row, 0)
            left_label = _value_label(self)
            left_label.setText(self.tr("모름") if left is None else won(left))
            self.grid.addWidget(left_label, row, 1)
            self.grid.addWidget(spin, row, 2)
            row += 1
        self.grid.addWidget(self.sum_label, row, 0, 1, 3)
        self.grid.addWidget(self.fill_button, row + 1, 2)

    def shares(self) -> tuple[SubMallShare, ...]:
        return tuple(SubMallShare(mid, spin.value(), "") for mid, spin in self.spins.items() if spin.value() > 0)

    def total(self) -> int:
        return sum(spin.value() for spin in self.spins.values())

    def fill_left(self) -> None:
        for mid, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(max(self.left.get(mid) or 0, 0))
            spin.blockSignals(False)
        self.changed.emit()

    def show_sum(self, amount: int | None, partial: bool) -> None:
        total, amount = self.total(), amount or 0
        figures = {"total": f"{total:,}", "amount": f"{amount:,}"}
        if not total and not partial:
            text, color = self.tr("서브몰 금액 없이 전체취소를 보냅니다 (넣으면 합계가 취소 금액과 같아야 합니다)."), GREY
        elif not total:
            text = self.tr("부분취소에는 서브몰별 금액이 필요합니다: 합계가 {amount}원이 되게 넣으세요.").format(**figures)
            color = RED
        elif total == amount:
            text, color = self.tr("✔ 합계 {total}원 = 취소 금액 {amount}원").format(**figures), GREEN
        else:
            diff = amount - total
            gap = (self.tr("{diff}원 부족") if diff > 0 else self.tr("{diff}원 초과")).format(diff=f"{abs(diff):,}")
            text, color = self.tr("✖ 합계 {total}원 ≠ 취소 금액 {amount}원 ({gap})").format(gap=gap, **figures), RED
        self.sum_label.setText(text)
        self.sum_label.setStyleSheet(f"color:{color}; font-weight:600;")

    def set_editable(self, editable: bool, *, partial: bool) -> None:
        for spin in self.spins.values():
            spin.setEnabled(editable)
        # a full cancel gives back what is left of every share; a partial's split is typed
        self.fill_button.setVisible(not partial and any(v for v in self.left.values()))
        self.fill_button.setEnabled(editable)


def problems_html(problems: Sequence[Problem], lang: str = "ko") -> str:
    """Errors first (red ✖), then warnings (amber ⚠), in ``lang``; a green line when there is nothing."""
    if not problems:
        clear = html.escape(translate("cancel_widgets", "✔ 게이트웨이가 거절할 만한 문제가 없습니다."))
        return f'<span style="color:{GREEN}; font-weight:600">{clear}</span>'
    lines = []
    for p in sorted(problems, key=lambda p: p.severity != "error"):
        mark, color = ("✖", RED) if p.severity == "error" else ("⚠", AMBER)
        code = ""
        if p.gateway_code:
            said = translate("cancel_widgets", "(게이트웨이 코드 {code})").format(code=p.gateway_code)
            code = f' <span style="color:{GREY}">{html.escape(said)}</span>'
        lines.append(f'<p style="margin:0 0 4px 0; color:{color}">{mark} {html.escape(p.text(lang))}{code}</p>')
    return "".join(lines)


class ProblemsView(QLabel):
    def __init__(self, parent: QWidget | None = None, *, lang: str = "ko") -> None:
        super().__init__(parent)
        self.lang = lang
        self.setObjectName("problems")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def show_problems(self, problems: Sequence[Problem]) -> None:
        self.setText(problems_html(problems, self.lang))


class RequestPreview(QPlainTextEdit):
    """The form exactly as it will be posted; Cancelpw and hashData arrive masked from the plan."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

    def show_preview(self, pairs: Sequence[tuple[str, str]]) -> None:
        if not pairs:
            self.setPlainText(self.tr("(금액이 정해지지 않아 요청을 만들 수 없습니다)"))
            return
        width = max(len(k) for k, _ in pairs)
        self.setPlainText("\n".join(f"{k.ljust(width)}  {v}" for k, v in pairs))


_RESULT_COLORS = {"cancelled": GREEN, "already_cancelled": GREEN, "unknown": RED}


class ResultPanel(QFrame):
    """What became of the request: outcome, code and message, what is left, what to do."""

    def __init__(self, parent: QWidget | None = None, *, lang: str = "ko") -> None:
        super().__init__(parent)
        self.lang = lang
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self)
        self.title.setObjectName("resultTitle")
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        self.hide()

    def show_result(self, result: CancelResult) -> None:
        color = _RESULT_COLORS.get(result.outcome, AMBER)
        self.title.setText(self.tr("결과: {outcome}").format(outcome=outcome_label(result.outcome, self.lang)))
        self.title.setStyleSheet(f"color:{color}; font-size:13pt; font-weight:700;")
        self.body.setText(result_text(result, self.lang))
        self.setStyleSheet(f"ResultPanel {{ border: 2px solid {color}; }}")
        self.show()


def result_text(result: CancelResult, lang: str = "ko") -> str:
    """The result in sentences, in ``lang``: figures, the gateway's words, and what to do next."""
    lines = [f"TID {result.tid} · {won(result.amount)} {kind_label(result.partial, lang).lower()}"]
    message = result.message_text(lang)
    if result.code:
        answer = translate("cancel_widgets", "게이트웨이 응답: {code} {message}")
        lines.append(answer.format(code=result.code, message=message).strip())
    elif message:
        lines.append(message)
    if result.error or (result.http_status and result.http_status != 200):
        status = f"HTTP {result.http_status} " if result.http_status else ""
        cause = f"{status}{result.error_text(lang)}"
        lines.append(translate("cancel_widgets", "연결 문제: {cause}").format(cause=cause).strip())
    if result.ptid:
        lines.append(translate("cancel_widgets", "부분취소 TID(PTID): {ptid}").format(ptid=result.ptid))
    if result.remaining is not None and result.outcome == "unknown":
        lines.append(translate(
            "cancel_widgets", "원장의 남은 금액: {amount} (이 요청은 결과를 확인할 때까지 반영하지 않습니다)",
        ).format(amount=won(result.remaining)))
    elif result.remaining is not None:
        lines.append(translate("cancel_widgets", "남은 금액: {amount}").format(amount=won(result.remaining)))
    if result.advice(lang):
        lines.append(result.advice(lang))
    if result.outcome == "unknown":
        lines.append(translate("cancel_widgets", "확인한 결과는 아래 '관리자 사이트에서 확인한 결과 기록…'으로 남기세요."))
    return "\n".join(lines)


def words_of(amount: int | None, lang: str = "ko") -> str:
    return "" if not amount else amount_words(amount, lang)
