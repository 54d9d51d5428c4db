"""The importer's reasons in English.

The importer words every reason in Korean (a record not imported, a file not read), and the ledger keeps
it so: the batch's issues, the report, the CLI's JSON. The English window and English exports show each
reason through ``reason_text``, which recognises the importer's own wordings and keeps the values quoted
in them as they are. A wording it does not know stays Korean (a test holds every wording in the
importer to a translation here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    english: str  # str.format template over the pattern's groups
    nested: bool = False  # the last group is itself a reason (a date or a dump that could not be read)


_HANGUL = re.compile("[\uac00-\ud7a3]")


def _rule(korean: str, english: str, *, nested: bool = False) -> _Rule:
    return _Rule(re.compile(korean, re.DOTALL), english, nested)


_RULES: tuple[_Rule, ...] = (
    # classify: notifications and results
    _rule(r"승인취소구분\(StateCd\) 값을 알 수 없습니다: (.*)", "Unknown StateCd value: {0}"),
    _rule(r"결과코드\(ResultCode\)도 승인취소구분\(StateCd\)도 없어 결과를 알 수 없습니다",
          "Neither ResultCode nor StateCd: the outcome is unknown"),
    _rule(r"거래번호\(TID\)가 없습니다", "No transaction number (TID)"),
    _rule(r"거래번호\(TID\) 형식이 올바르지 않습니다: (.*)", "Malformed transaction number (TID): {0}"),
    _rule(r"금액\(([^)]*)\)이 없습니다", "No amount ({0})"),
    _rule(r"금액\(([^)]*)\)이 음수입니다: (.*)", "Negative amount ({0}): {1}"),
    _rule(r"금액\(([^)]*)\)이 숫자가 아닙니다: (.*)", "The amount ({0}) is not a number: {1}"),
    _rule(r"승인일시\(AuthDate\)를 날짜로 읽을 수 없습니다: (.*)", "AuthDate is not a date: {0}"),
    _rule(r"취소일시\(CancelDate, CancelTime\)를 날짜로 읽을 수 없습니다: (.*)",
          "CancelDate and CancelTime are not a date: {0}"),
    _rule(r"결제 요청 기록에 주문번호\(Moid\)가 없습니다", "The logged payment request has no order number (Moid)"),
    # logs
    _rule(r"줄이 (\d+)KB를 넘습니다 \(손상되었거나 줄바꿈이 없는 파일\)",
          "The line is over {0} KB (damaged, or a file without line breaks)"),
    _rule(r"읽을 수 없는 줄입니다 \(손상된 데이터\)", "Unreadable line (damaged data)"),
    _rule(r"파일 끝에서 마지막 줄이 잘렸습니다: (.*)", "The file's last line is cut short: {0}", nested=True),
    _rule(r"SignValue가 끝까지 기록되지 않았습니다", "SignValue is not logged to its end"),
    _rule(r"값이 %-인코딩이나 글자 중간에서 끊겼습니다", "a value ends inside a %-escape or a character"),
    _rule(r"(?:통보가|기록이) SignValue 앞에서 끊겼습니다", "the record ends before its SignValue"),
    _rule(r"JSON 기록이 객체가 아닙니다", "The JSON record is not an object"),
    _rule(r"JSON 기록이 잘렸거나 손상되었습니다", "The JSON record is cut short or damaged"),
    _rule(r"Java Map 기록이 잘렸습니다 \('\}'로 끝나지 않음\)", "The Java Map record is cut short (no closing '}}')"),
    _rule(r"Java 배열 주소만 기록되어 값이 없습니다 \(\[Ljava\.lang\.String;@…\)",
          "Only Java array addresses were logged, no values ([Ljava.lang.String;@…)"),
    _rule(r"PHP 출력을 읽을 수 없습니다: (.*)", "Unreadable PHP dump: {0}", nested=True),
    _rule(r"PHP 출력이 끝나기 전에 파일이 끝났습니다 \(잘린 기록\)", "The file ends inside a PHP dump (record cut short)"),
    _rule(r"PHP 출력이 (\d+)줄을 넘어 끝나지 않습니다", "The PHP dump runs past {0} lines without ending"),
    _rule(r"'Array' 다음에 '\('가 없습니다", "No '(' after 'Array'"),
    _rule(r"다음 기록이 시작될 때까지 끝나지 않았습니다 \(잘린 기록\)", "Not closed before the next record began (record cut short)"),
    _rule(r"var_export 출력이 (\d+)번째 글자에서 끊겼거나 손상되었습니다",
          "The var_export dump is cut short or damaged at character {0}"),
    _rule(r"var_export 출력의 키가 배열입니다", "A var_export key is an array"),
    _rule(r"var_export 출력의 문자열이 끝나지 않았습니다", "A var_export string is not closed"),
    _rule(r"print_r 출력의 첫 항목을 읽을 수 없습니다", "The first entry of the print_r dump is unreadable"),
    # spreadsheet rows and cells
    _rule(r"주문번호가 없습니다", "No order number"),
    _rule(r"주문금액이 비어 있습니다", "The order amount is empty"),
    _rule(r"취소 금액이 비어 있습니다", "The cancel amount is empty"),
    _rule(r"승인 금액이 비어 있습니다", "The approved amount is empty"),
    _rule(r"승인 금액이 음수입니다: (.*)", "Negative approved amount: {0}"),
    _rule(r"금액이 비어 있습니다", "The amount is empty"),
    _rule(r"금액이 원 단위 정수가 아닙니다: (.*)", "The amount is not a whole number of won: {0}"),
    _rule(r"금액이 숫자가 아닙니다: (.*)", "The amount is not a number: {0}"),
    _rule(r"주문금액이 숫자가 아닙니다: (.*)", "The order amount is not a number: {0}"),
    _rule(r"취소금액이 숫자가 아닙니다: (.*)", "The cancel amount is not a number: {0}"),
    _rule(r"거래상태를 알 수 없습니다: (.*)", "Unknown transaction status: {0}"),
    _rule(r"거래일시를 알 수 없습니다: (.*)", "Unknown transaction time: {0}", nested=True),
    _rule(r"취소일시를 알 수 없습니다: (.*)", "Unknown cancel time: {0}", nested=True),
    _rule(r"시간을 읽을 수 없습니다: (.*)", "Unreadable time: {0}"),
    _rule(r"날짜를 읽을 수 없습니다: (.*)", "Unreadable date: {0}"),
    # the sheets of a workbook
    _rule(r"'(.*)' 시트의 머리글을 알 수 없어 가져오지 않았습니다", "Sheet '{0}' not imported: its header is not recognised"),
    _rule(r"'(.*)' 시트는 첫 시트와 목록의 종류가 달라 가져오지 않았습니다",
          "Sheet '{0}' not imported: it is not the same kind of list as the first sheet"),
    _rule(r"'(.*?)' 시트: (.*)", "Sheet '{0}': {1}", nested=True),
    # files
    _rule(r"폴더는 가져올 수 없습니다\. 파일을 고르세요", "A folder cannot be imported: choose files"),
    _rule(r"파일을 열 수 없습니다: (.*)", "Cannot open the file: {0}"),
    _rule(r"파일을 읽을 수 없습니다: (.*)", "Cannot read the file: {0}"),
    _rule(r"로그나 엑셀·CSV 파일이 아닙니다 \(이진 파일\)", "Not a log, Excel or CSV file (binary)"),
    _rule(r"파일을 읽던 작업 프로세스가 중간에 끝났습니다 \(가져오지 않았습니다\)",
          "The process reading the file stopped midway (nothing imported)"),
    _rule(r"로그 파일에는 주문 목록이 없습니다 \(--kind auto 또는 results로 가져오세요\)",
          "A log file holds no order list (import it with --kind auto or results)"),
    _rule(r"저장된 열 프로필이 없습니다: (.*)", "No saved column profile: {0}"),
    _rule(r"'(.*)' 프로필의 열이 이 파일의 머리글에 없습니다", "The columns of profile '{0}' are not among this file's headers"),
    _rule(r"엑셀\(\.xls\) 파일을 읽을 수 없습니다: (.*)", "Cannot read the Excel (.xls) file: {0}"),
    _rule(r"엑셀\(\.xlsx\) 파일을 읽을 수 없습니다: (.*)", "Cannot read the Excel (.xlsx) file: {0}"),
    _rule(r"'(.*)' 시트를 읽을 수 없습니다: (.*)", "Cannot read sheet '{0}': {1}"),
    _rule(r"CSV 파일을 읽을 수 없습니다: (.*)", "Cannot read the CSV file: {0}"),
    _rule(r"읽는 중 예기치 않은 오류가 났습니다 \((.*)\)", "Unexpected error while reading ({0})"),
)


def reason_text(reason: str, lang: str = "ko") -> str:
    """``reason`` as the importer wrote it (``lang`` "ko"), or in English."""
    if lang != "en" or not _HANGUL.search(reason):  # every wording has Hangul; "event #12" needs no turning
        return reason
    for rule in _RULES:
        match = rule.pattern.fullmatch(reason)
        if match is None:
            continue
        groups = list(match.groups())
        if rule.nested and groups:
            groups[-1] = reason_text(groups[-1], lang)
        return rule.english.format(*groups)
    return reason
