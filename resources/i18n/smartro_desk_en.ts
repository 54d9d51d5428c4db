<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ko">
<context>
    <name>AboutDialog</name>
    <message>
        <source>이 프로그램에 대하여</source>
        <translation>About</translation>
    </message>
    <message>
        <source>스마트로 결제 원장 (smartro-desk) {version}</source>
        <translation>Smartro payment ledger (smartro-desk) {version}</translation>
    </message>
    <message>
        <source>스마트로 WEBLink 가맹점의 결제 원장, 취소, 정산 대사를 위한 프로그램</source>
        <translation>Payment ledger, cancels and settlement reconciliation for Smartro WEBLink merchants</translation>
    </message>
    <message>
        <source>로컬 샌드박스</source>
        <translation>Local sandbox</translation>
    </message>
    <message>
        <source>스마트로 테스트</source>
        <translation>Smartro test</translation>
    </message>
    <message>
        <source>스마트로 운영</source>
        <translation>Smartro production</translation>
    </message>
    <message>
        <source>직접 입력 URL</source>
        <translation>Custom URL</translation>
    </message>
    <message>
        <source>알 수 없음</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>버전</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>취소 서버</source>
        <translation>Cancel server</translation>
    </message>
    <message>
        <source>원장 파일</source>
        <translation>Ledger file</translation>
    </message>
    <message>
        <source>데이터 폴더</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>로그 파일</source>
        <translation>Log file</translation>
    </message>
    <message>
        <source>키 저장소</source>
        <translation>Key store</translation>
    </message>
    <message>
        <source>운영체제 키 저장소</source>
        <translation>Operating system key store</translation>
    </message>
    <message>
        <source>없음 — 상점키와 비밀번호는 이번 실행에만 기억됩니다</source>
        <translation>None — merchant keys and passwords are kept for this session only</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>데이터 폴더 열기</source>
        <translation>Open data folder</translation>
    </message>
</context>
<context>
    <name>AmountsBlock</name>
    <message>
        <source>금액</source>
        <translation>Amounts</translation>
    </message>
    <message>
        <source>원금 (승인 금액)</source>
        <translation>Original (approved amount)</translation>
    </message>
    <message>
        <source>취소된 금액</source>
        <translation>Cancelled so far</translation>
    </message>
    <message>
        <source>잔액 (취소할 수 있는 금액)</source>
        <translation>Remaining (can be cancelled)</translation>
    </message>
    <message>
        <source>취소 기한</source>
        <translation>Cancel deadline</translation>
    </message>
    <message>
        <source>알 수 없음</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source> — 지남</source>
        <translation> — passed</translation>
    </message>
</context>
<context>
    <name>ArrivalsModel</name>
    <message>
        <source>파일</source>
        <translation>File</translation>
    </message>
    <message>
        <source>줄</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>기록 시각</source>
        <translation>Logged at</translation>
    </message>
    <message>
        <source>보낸 곳</source>
        <translation>Sender</translation>
    </message>
</context>
<context>
    <name>BatchesModel</name>
    <message>
        <source>가져온 시각</source>
        <translation>Imported at</translation>
    </message>
    <message>
        <source>파일</source>
        <translation>File</translation>
    </message>
    <message>
        <source>형식</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>인코딩</source>
        <translation>Encoding</translation>
    </message>
    <message>
        <source>종류</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>건수</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>가져옴</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>중복</source>
        <translation>Duplicates</translation>
    </message>
    <message>
        <source>거부</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>건너뜀</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>위변조 의심</source>
        <translation>Suspected tampering</translation>
    </message>
    <message>
        <source>상태</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>작업자</source>
        <translation>User</translation>
    </message>
    <message>
        <source>통보·결과 로그</source>
        <translation>Notification/result log</translation>
    </message>
    <message>
        <source>통보 로그</source>
        <translation>Notification log</translation>
    </message>
    <message>
        <source>PG 결제 엑셀</source>
        <translation>Gateway payment sheet</translation>
    </message>
    <message>
        <source>주문 목록</source>
        <translation>Order list</translation>
    </message>
    <message>
        <source>되돌림</source>
        <translation>Undone</translation>
    </message>
    <message>
        <source>완료</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>되돌린 가져오기입니다: 이 파일로 들어온 기록은 원장에 없습니다.</source>
        <translation>An undone import: the records this file brought are no longer in the ledger.</translation>
    </message>
    <message>
        <source>가져오기 #{n}</source>
        <translation>Import #{n}</translation>
    </message>
</context>
<context>
    <name>BulkCancelDialog</name>
    <message>
        <source>일괄 취소</source>
        <translation>Bulk cancel</translation>
    </message>
    <message>
        <source>목록 파일 불러오기 (Excel/CSV)…</source>
        <translation>Load a list file (Excel/CSV)…</translation>
    </message>
    <message>
        <source>열: TID, 금액, 사유 (선택: 서브몰 MID=금액;MID=금액). 금액이 비면 남은 금액 전체를 취소합니다.</source>
        <translation>Columns: TID, amount, reason (optional: sub-mall MID=AMOUNT;MID=AMOUNT). A blank amount cancels all that remains.</translation>
    </message>
    <message>
        <source>기본 사유 (사유가 빈 행에 씀)</source>
        <translation>Default reason (for rows without one)</translation>
    </message>
    <message>
        <source>다시 검증</source>
        <translation>Check again</translation>
    </message>
    <message>
        <source>기본 사유</source>
        <translation>Default reason</translation>
    </message>
    <message>
        <source>행을 두 번 누르면 그 거래의 취소 창이 열립니다 (결과 확인 필요인 행의 결과 기록 등).</source>
        <translation>Double-click a row to open that transaction's cancel window (e.g. to record the outcome of an 'Outcome unknown' row).</translation>
    </message>
    <message>
        <source>운영 서버: 보낼 금액 합계를 다시 입력</source>
        <translation>Production server: type the total to send again</translation>
    </message>
    <message>
        <source>예: 1,234,000</source>
        <translation>e.g. 1,234,000</translation>
    </message>
    <message>
        <source>일괄 취소 실행</source>
        <translation>Run bulk cancel</translation>
    </message>
    <message>
        <source>중지</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>결과를 엑셀로 저장…</source>
        <translation>Save results to Excel…</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>취소 목록 불러오기</source>
        <translation>Load a cancel list</translation>
    </message>
    <message>
        <source>취소 목록 (*.xlsx *.xlsm *.csv *.txt);;모든 파일 (*)</source>
        <translation>Cancel lists (*.xlsx *.xlsm *.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <source>보내지 않은 행 {n}건 (앞 실행에서 남은 것)</source>
        <translation>{n} rows not sent (left from the previous run)</translation>
    </message>
    <message>
        <source>목록을 읽을 수 없습니다</source>
        <translation>Cannot read the list</translation>
    </message>
    <message>
        <source>파일: {name} ({n}행)</source>
        <translation>File: {name} ({n} rows)</translation>
    </message>
    <message>
        <source>선택한 거래 {n}건 (각각 남은 금액 전체 취소)</source>
        <translation>{n} selected transactions (each cancelled for all that remains)</translation>
    </message>
    <message>
        <source>선택한 거래가 없습니다. 취소 목록 파일을 불러오세요.</source>
        <translation>No transactions selected. Load a cancel list file.</translation>
    </message>
    <message>
        <source>행마다 게이트웨이가 거절할 만한 것을 확인하는 중…</source>
        <translation>Checking each row for what the gateway would refuse…</translation>
    </message>
    <message>
        <source>중지되었습니다</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>목록을 검증하지 못했습니다</source>
        <translation>Could not check the list</translation>
    </message>
    <message>
        <source>검증이 끝났습니다. 빨간 행은 보내지 않습니다.</source>
        <translation>Checks done. Red rows will not be sent.</translation>
    </message>
    <message>
        <source>보낼 행 &lt;b&gt;{ok}건&lt;/b&gt; · &lt;span style="color:{color}"&gt;보내지 않을 행 {bad}건&lt;/span&gt; · 보낼 금액 합계 &lt;b&gt;{total}원&lt;/b&gt; ({words}) · 보낼 곳 {endpoint}</source>
        <translation>To send: &lt;b&gt;{ok} rows&lt;/b&gt; · &lt;span style="color:{color}"&gt;not sent: {bad} rows&lt;/span&gt; · total to send &lt;b&gt;{total} won&lt;/b&gt; ({words}) · to {endpoint}</translation>
    </message>
    <message>
        <source>{n}건, 합계 {total}원({words})을 {endpoint}에서 취소합니다. 검증에 실패한 {bad}건은 보내지 않습니다. 중지를 누르면 지금 보내는 행이 끝난 뒤에 멈춥니다.</source>
        <translation>Cancel {n} rows, {total} won in all ({words}), on {endpoint}. The {bad} rows that failed the checks are not sent. Stop halts the run after the row being sent.</translation>
    </message>
    <message>
        <source> 운영 서버이므로 실제로 환불됩니다.</source>
        <translation> This is the production server: customers are really refunded.</translation>
    </message>
    <message>
        <source>일괄 취소 확인</source>
        <translation>Confirm bulk cancel</translation>
    </message>
    <message>
        <source>돌아가기</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>보내는 중… 중지를 누르면 지금 보내는 행이 끝난 뒤에 멈춥니다.</source>
        <translation>Sending… Stop halts the run after the row being sent.</translation>
    </message>
    <message>
        <source>중지 요청됨: 지금 보내는 행이 끝나면 멈춥니다. 나머지는 보내지 않습니다.</source>
        <translation>Stop requested: the run halts when the row being sent is done. The rest are not sent.</translation>
    </message>
    <message>
        <source> 응답을 받지 못한 행이 있어 그 뒤의 행은 보내지 않았습니다. '결과 확인 필요' 행은 두 번 눌러 상점관리자 사이트에서 확인한 결과를 기록하세요.</source>
        <translation> A row got no answer, so the rows after it were not sent. Double-click an 'Outcome unknown' row to record what the merchant admin site shows.</translation>
    </message>
    <message>
        <source>끝났습니다: {summary}.</source>
        <translation>Done: {summary}.</translation>
    </message>
    <message>
        <source>일괄 취소 결과</source>
        <translation>Bulk cancel results</translation>
    </message>
    <message>
        <source>실행이 {n}행에서 멈췄습니다: {cause}</source>
        <translation>The run stopped at row {n}: {cause}</translation>
    </message>
    <message>
        <source>일괄 취소가 멈췄습니다</source>
        <translation>The bulk cancel stopped</translation>
    </message>
    <message>
        <source>{n}행까지의 결과는 표에 있습니다. 나머지 행은 보내지 않았습니다.</source>
        <translation>The results up to row {n} are in the table. The other rows were not sent.</translation>
    </message>
    <message>
        <source>일괄취소_결과_{stamp}.xlsx</source>
        <translation>bulk_cancel_results_{stamp}.xlsx</translation>
    </message>
    <message>
        <source>일괄 취소 결과 저장</source>
        <translation>Save bulk cancel results</translation>
    </message>
    <message>
        <source>Excel 통합 문서 (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>저장했습니다</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>{path} ({n}행)</source>
        <translation>{path} ({n} rows)</translation>
    </message>
    <message>
        <source>저장하지 못했습니다</source>
        <translation>Could not save</translation>
    </message>
    <message>
        <source>보내지 않은 행만 다시 검증</source>
        <translation>Check only the rows not sent</translation>
    </message>
    <message>
        <source>실행 중입니다</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>일괄 취소가 진행 중입니다. 중지를 누르고 끝날 때까지 기다린 뒤 닫으세요.</source>
        <translation>The bulk cancel is running. Press Stop and wait for it to end before closing.</translation>
    </message>
</context>
<context>
    <name>BulkModel</name>
    <message>
        <source>행</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>구분</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>취소 금액</source>
        <translation>Cancel amount</translation>
    </message>
    <message>
        <source>남은 금액</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <source>사유</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>검증</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>결과</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>응답 / 안내</source>
        <translation>Answer / what to do</translation>
    </message>
    <message>
        <source>보낼 수 있음</source>
        <translation>Can be sent</translation>
    </message>
    <message>
        <source>보낼 수 있음 — 확인: {warnings}</source>
        <translation>Can be sent — note: {warnings}</translation>
    </message>
</context>
<context>
    <name>CancelDialog</name>
    <message>
        <source>고객 변심</source>
        <translation>Customer changed their mind</translation>
    </message>
    <message>
        <source>주문 취소</source>
        <translation>Order cancelled</translation>
    </message>
    <message>
        <source>상품 품절</source>
        <translation>Out of stock</translation>
    </message>
    <message>
        <source>반품</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>중복 결제</source>
        <translation>Duplicate payment</translation>
    </message>
    <message>
        <source>배송 지연</source>
        <translation>Delivery delayed</translation>
    </message>
    <message>
        <source>취소 완료</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>이미 취소된 거래</source>
        <translation>Already cancelled</translation>
    </message>
    <message>
        <source>결과 확인 필요</source>
        <translation>Outcome unknown</translation>
    </message>
    <message>
        <source>취소되지 않았습니다</source>
        <translation>Not cancelled</translation>
    </message>
    <message>
        <source>거래 취소 — {tid}</source>
        <translation>Cancel payment — {tid}</translation>
    </message>
    <message>
        <source>취소 내용</source>
        <translation>What to cancel</translation>
    </message>
    <message>
        <source>전체취소 (남은 금액 모두)</source>
        <translation>Full cancel (all that remains)</translation>
    </message>
    <message>
        <source>부분취소 (금액 지정)</source>
        <translation>Partial cancel (amount given)</translation>
    </message>
    <message>
        <source>금액을 입력하세요</source>
        <translation>Enter an amount</translation>
    </message>
    <message>
        <source>취소 사유 (게이트웨이와 감사 기록에 남습니다)</source>
        <translation>Cancel reason (kept by the gateway and in the audit log)</translation>
    </message>
    <message>
        <source>구분</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>취소 금액</source>
        <translation>Cancel amount</translation>
    </message>
    <message>
        <source>사유</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>운영 서버 확인: 취소 금액을 다시 입력하세요</source>
        <translation>Production server: type the cancel amount again</translation>
    </message>
    <message>
        <source>예: 12,000</source>
        <translation>e.g. 12,000</translation>
    </message>
    <message>
        <source>보내기 전 확인</source>
        <translation>Checks before sending</translation>
    </message>
    <message>
        <source>보낼 요청 (비밀번호·해시는 가림)</source>
        <translation>Request to send (password and hash hidden)</translation>
    </message>
    <message>
        <source>게이트웨이에 보내는 중입니다… 창을 닫지 마세요.</source>
        <translation>Sending to the gateway… Do not close this window.</translation>
    </message>
    <message>
        <source>관리자 사이트에서 확인한 결과 기록…</source>
        <translation>Record what the admin site shows…</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>취소 요청 보내기</source>
        <translation>Send cancel request</translation>
    </message>
    <message>
        <source>결제수단 모름</source>
        <translation>Pay method unknown</translation>
    </message>
    <message>
        <source>다른 곳에서 취소 보내는 중</source>
        <translation>Being cancelled elsewhere</translation>
    </message>
    <message>
        <source>승인 {at}</source>
        <translation>Approved {at}</translation>
    </message>
    <message>
        <source>모름</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>주문 {order}</source>
        <translation>Order {order}</translation>
    </message>
    <message>
        <source>{amount}을 그대로 입력</source>
        <translation>Type {amount} exactly</translation>
    </message>
    <message>
        <source>✔ 금액이 맞습니다</source>
        <translation>✔ The amount matches</translation>
    </message>
    <message>
        <source>✖ 취소 금액과 다릅니다</source>
        <translation>✖ Not the cancel amount</translation>
    </message>
    <message>
        <source>보내기 조건이 바뀌었습니다. 다시 확인하세요.</source>
        <translation>What allows sending has changed. Check again.</translation>
    </message>
    <message>
        <source>보내지 않았습니다</source>
        <translation>Not sent</translation>
    </message>
    <message>
        <source> 서브몰별: {shares}.</source>
        <translation> Per sub-mall: {shares}.</translation>
    </message>
    <message>
        <source>취소 요청 확인</source>
        <translation>Confirm cancel request</translation>
    </message>
    <message>
        <source>돌아가기</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>보낸 요청 (비밀번호·해시는 가림)</source>
        <translation>Request sent (password and hash hidden)</translation>
    </message>
    <message>
        <source>중지되었습니다</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>취소 요청 중 문제가 생겼습니다</source>
        <translation>Something went wrong with the cancel request</translation>
    </message>
    <message>
        <source>보내는 중입니다</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>게이트웨이의 답을 기다리고 있습니다. 결과가 나온 뒤에 닫으세요.</source>
        <translation>Waiting for the gateway's answer. Close once the outcome is shown.</translation>
    </message>
</context>
<context>
    <name>ConnectionTab</name>
    <message>
        <source>취소 요청을 보낼 서버</source>
        <translation>Server that receives cancel requests</translation>
    </message>
    <message>
        <source>로컬 샌드박스 (기본)</source>
        <translation>Local sandbox (default)</translation>
    </message>
    <message>
        <source>이 PC 안에서 돌아가는 연습용 서버입니다. 실제 결제는 취소되지 않으므로 계약 없이 모든 기능을 시험해 볼 수 있습니다.</source>
        <translation>A practice server running on this PC. No real payment is cancelled, so every feature can be tried without a contract.</translation>
    </message>
    <message>
        <source>스마트로 테스트</source>
        <translation>Smartro test</translation>
    </message>
    <message>
        <source>{url} — 스마트로의 시험 서버입니다. 시험용 MID의 거래만 취소됩니다.</source>
        <translation>{url} — Smartro's test server. Only test MIDs' transactions are cancelled.</translation>
    </message>
    <message>
        <source>스마트로 운영</source>
        <translation>Smartro production</translation>
    </message>
    <message>
        <source>{url} — 실제 서버입니다. 여기로 보낸 취소는 고객에게 실제로 환불되며 되돌릴 수 없습니다.</source>
        <translation>{url} — the real server. Cancels sent here refund customers for real and cannot be undone.</translation>
    </message>
    <message>
        <source>직접 입력 URL</source>
        <translation>Custom URL</translation>
    </message>
    <message>
        <source>scheme://호스트[:포트] 형식, 경로 없이 (예: https://tpay.smilepay.co.kr)</source>
        <translation>scheme://host[:port], no path (e.g. https://tpay.smilepay.co.kr)</translation>
    </message>
    <message>
        <source>스마트로 운영 서버입니다 — 취소가 실제로 환불됩니다</source>
        <translation>Smartro production server — cancels refund for real</translation>
    </message>
    <message>
        <source>스마트로 테스트 서버입니다</source>
        <translation>Smartro test server</translation>
    </message>
    <message>
        <source>직접 입력한 서버</source>
        <translation>Custom server</translation>
    </message>
</context>
<context>
    <name>DeliveryModel</name>
    <message>
        <source>통보 종류</source>
        <translation>Notification</translation>
    </message>
    <message>
        <source>1회</source>
        <translation>Once</translation>
    </message>
    <message>
        <source>2회</source>
        <translation>Twice</translation>
    </message>
    <message>
        <source>3–5회</source>
        <translation>3–5 times</translation>
    </message>
    <message>
        <source>6회 이상</source>
        <translation>6 or more</translation>
    </message>
    <message>
        <source>합계</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>가장 긴 재전송 (분)</source>
        <translation>Longest re-sending (min)</translation>
    </message>
    <message>
        <source>한 번만 받은 통보는 이 달의 결제 수에서 재전송된 통보를 빼서 셉니다 (추정)</source>
        <translation>Notifications received once are the month's payments less the re-sent notifications (an estimate)</translation>
    </message>
</context>
<context>
    <name>DetailDialog</name>
    <message>
        <source>가맹점 키로 계산한 SignValue와 일치합니다: 게이트웨이가 보낸 기록입니다.</source>
        <translation>Matches the SignValue computed with the merchant key: the gateway sent this record.</translation>
    </message>
    <message>
        <source>SignValue가 맞지 않습니다: 누군가 만들었거나 고친 기록일 수 있습니다 (위변조 의심).</source>
        <translation>The SignValue does not match: someone may have made or altered this record (suspected tampering).</translation>
    </message>
    <message>
        <source>이 가맹점의 키가 없어 SignValue를 확인하지 못했습니다. 설정에서 가맹점 키를 넣으세요.</source>
        <translation>The SignValue could not be checked because this merchant's key is missing. Enter the merchant key in the settings.</translation>
    </message>
    <message>
        <source>기록에 SignValue가 없습니다 (엑셀 내역 등).</source>
        <translation>The record carries no SignValue (e.g. an Excel list).</translation>
    </message>
    <message>
        <source>결과 확인 필요: 먼저 이전 취소 요청의 결과를 확인하세요.</source>
        <translation>Outcome unknown: first find out what became of the earlier cancel request.</translation>
    </message>
    <message>
        <source>취소할 수 있는 상태가 아닙니다.</source>
        <translation>The transaction is not in a state that can be cancelled.</translation>
    </message>
    <message>
        <source>취소 기한이 지났습니다.</source>
        <translation>The cancel deadline has passed.</translation>
    </message>
    <message>
        <source>위변조 의심 거래입니다: 원본을 확인하기 전에는 취소하지 마세요.</source>
        <translation>Suspected tampering: do not cancel before the original is checked.</translation>
    </message>
    <message>
        <source>거래 상세 — {tid}</source>
        <translation>Transaction — {tid}</translation>
    </message>
    <message>
        <source>거래 정보</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <source>이력 ({n})</source>
        <translation>History ({n})</translation>
    </message>
    <message>
        <source>서브몰 분할</source>
        <translation>Sub-mall split</translation>
    </message>
    <message>
        <source>원본 기록</source>
        <translation>Raw records</translation>
    </message>
    <message>
        <source>매출전표 열기</source>
        <translation>Open sales slip</translation>
    </message>
    <message>
        <source>TID 복사</source>
        <translation>Copy TID</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>{day} 까지</source>
        <translation>until {day}</translation>
    </message>
    <message>
        <source> (지남)</source>
        <translation> (passed)</translation>
    </message>
    <message>
        <source>승인금액</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>취소금액</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>잔액</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <source>취소 가능 금액</source>
        <translation>Cancellable</translation>
    </message>
    <message>
        <source>취소 기한</source>
        <translation>Cancel deadline</translation>
    </message>
    <message>
        <source>SignValue</source>
        <translation>SignValue</translation>
    </message>
    <message>
        <source>거래 항목</source>
        <translation>Fields</translation>
    </message>
    <message>
        <source>TID 분해</source>
        <translation>TID decoded</translation>
    </message>
    <message>
        <source>알 수 없음</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>MID (1~10)</source>
        <translation>MID (1–10)</translation>
    </message>
    <message>
        <source>결제수단 (11~12)</source>
        <translation>Pay method (11–12)</translation>
    </message>
    <message>
        <source>구분 (13~14)</source>
        <translation>Type (13–14)</translation>
    </message>
    <message>
        <source>시각 (15~26)</source>
        <translation>Time (15–26)</translation>
    </message>
    <message>
        <source>일련번호 (27~30)</source>
        <translation>Sequence (27–30)</translation>
    </message>
    <message>
        <source>주의</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>SignValue 검증</source>
        <translation>SignValue check</translation>
    </message>
    <message>
        <source>필드</source>
        <translation>Fields</translation>
    </message>
    <message>
        <source>수신 기록 (중복 포함)</source>
        <translation>Arrivals (duplicates included)</translation>
    </message>
    <message>
        <source>이 거래에는 서브몰 분할(DivideInfo)이 없습니다.</source>
        <translation>This transaction has no sub-mall split (DivideInfo).</translation>
    </message>
    <message>
        <source>서브몰 {n}곳, 합계 {total}원</source>
        <translation>{n} sub-malls, total {total} won</translation>
    </message>
    <message>
        <source>원본 기록이 없습니다.</source>
        <translation>No raw records.</translation>
    </message>
</context>
<context>
    <name>EventsModel</name>
    <message>
        <source>시각</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>종류</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>경로</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>금액</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>PTID</source>
        <translation>PTID</translation>
    </message>
    <message>
        <source>결과</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>검증</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>수신</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>{n}회</source>
        <translation>{n}×</translation>
    </message>
    <message>
        <source>중복 수신 {n}회</source>
        <translation>received {n} more time(s)</translation>
    </message>
    <message>
        <source>출처</source>
        <translation>Source</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>내보내기</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>내보내기가 이미 진행 중입니다.</source>
        <translation>An export is already running.</translation>
    </message>
    <message>
        <source>거래내역-{day}.xlsx</source>
        <translation>transactions-{day}.xlsx</translation>
    </message>
    <message>
        <source>내보낼 파일</source>
        <translation>Export to</translation>
    </message>
    <message>
        <source>엑셀 통합 문서 (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>내보내는 중: {name}</source>
        <translation>Exporting: {name}</translation>
    </message>
    <message>
        <source>{path} 파일로 {rows}행을 내보냈습니다.</source>
        <translation>Exported {rows} rows to {path}.</translation>
    </message>
    <message>
        <source>내보내기 완료</source>
        <translation>Export finished</translation>
    </message>
    <message>
        <source>내보내기 실패</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>내보내기를 취소했습니다. 파일은 만들지 않았습니다.</source>
        <translation>Export cancelled. No file was written.</translation>
    </message>
</context>
<context>
    <name>FieldsModel</name>
    <message>
        <source>항목</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>값</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>의미</source>
        <translation>Meaning</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>기간</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>결제수단</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>상태</source>
        <translation>State</translation>
    </message>
    <message>
        <source>카드사/은행</source>
        <translation>Card/Bank</translation>
    </message>
    <message>
        <source>가맹점</source>
        <translation>Merchant</translation>
    </message>
    <message>
        <source>금액</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>원</source>
        <translation>won</translation>
    </message>
    <message>
        <source>검색</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>저장한 조건</source>
        <translation>Saved filters</translation>
    </message>
    <message>
        <source>이번 달</source>
        <translation>This month</translation>
    </message>
    <message>
        <source>지난 달</source>
        <translation>Last month</translation>
    </message>
    <message>
        <source>오늘</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>최근 7일</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>최근 30일</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>전체 기간</source>
        <translation>All dates</translation>
    </message>
    <message>
        <source>직접 지정</source>
        <translation>Custom</translation>
    </message>
    <message>
        <source>TID, 주문번호, 구매자, 상품명 (Ctrl+F)</source>
        <translation>TID, order ID, buyer, goods (Ctrl+F)</translation>
    </message>
    <message>
        <source>최소</source>
        <translation>min</translation>
    </message>
    <message>
        <source>최대</source>
        <translation>max</translation>
    </message>
    <message>
        <source>조건 저장…</source>
        <translation>Save filter…</translation>
    </message>
    <message>
        <source>삭제</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>초기화</source>
        <translation>Reset</translation>
    </message>
    <message>
        <source>이번 달, 모든 조건 해제</source>
        <translation>This month, no other conditions</translation>
    </message>
    <message>
        <source>전체</source>
        <translation>All</translation>
    </message>
    <message>
        <source>{mid} 및 서브몰 {n}곳</source>
        <translation>{mid} and {n} sub-malls</translation>
    </message>
    <message>
        <source>(선택)</source>
        <translation>(choose)</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <source>심각도</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>종류</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>주문번호</source>
        <translation>Order ID</translation>
    </message>
    <message>
        <source>요청금액</source>
        <translation>Requested</translation>
    </message>
    <message>
        <source>결과금액</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>설명</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>처리</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>GeneralTab</name>
    <message>
        <source>감사 기록에 남길 이름</source>
        <translation>Name for the audit log</translation>
    </message>
    <message>
        <source>가져오기, 취소, 설정 변경 기록에 이 이름이 남습니다. 비워 두면 Windows 사용자 이름({user})을 씁니다.</source>
        <translation>Imports, cancels and settings changes are recorded under this name. Leave it empty to use the Windows user name ({user}).</translation>
    </message>
    <message>
        <source>언어 (Language)</source>
        <translation>Language (언어)</translation>
    </message>
    <message>
        <source>저장하면 메뉴와 표의 글자가 바로 바뀝니다.</source>
        <translation>Menus and tables change as soon as you save.</translation>
    </message>
</context>
<context>
    <name>HealthPanel</name>
    <message>
        <source>통보 받은 결제</source>
        <translation>Payments notified</translation>
    </message>
    <message>
        <source>{count}건</source>
        <translation>{count}</translation>
    </message>
    <message>
        <source>이 달 결제 중 통보가 온 것</source>
        <translation>this month's payments with a notification</translation>
    </message>
    <message>
        <source>재전송된 통보</source>
        <translation>Re-sent notifications</translation>
    </message>
    <message>
        <source>받은 사본 {arrivals}개</source>
        <translation>{arrivals} copies received</translation>
    </message>
    <message>
        <source>가장 많이 {copies}회</source>
        <translation>at most {copies} times</translation>
    </message>
    <message>
        <source>재시도 한도까지 재전송</source>
        <translation>Re-sent to the retry limit</translation>
    </message>
    <message>
        <source>{limit}회 이상 받은 결제</source>
        <translation>payments received {limit} or more times</translation>
    </message>
    <message>
        <source>통보 페이지가 OK를 응답하지 않습니다</source>
        <translation>the notify page does not answer OK</translation>
    </message>
    <message>
        <source>가장 긴 재전송</source>
        <translation>Longest re-sending</translation>
    </message>
    <message>
        <source>{minutes}분</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>한 통보의 첫 사본부터 마지막 사본까지</source>
        <translation>first to last copy of one notification</translation>
    </message>
    <message>
        <source>공지되지 않은 주소</source>
        <translation>Unknown senders</translation>
    </message>
    <message>
        <source>결제 {count}건의 통보</source>
        <translation>notifications of {count} payments</translation>
    </message>
    <message>
        <source>주소 {count}개</source>
        <translation>{count} addresses</translation>
    </message>
    <message>
        <source>누르면 이 종류의 불일치가 표에 보입니다</source>
        <translation>Click to show these findings in the table</translation>
    </message>
    <message>
        <source>통보 로그에 보낸 곳 주소가 없어 발신 주소는 확인하지 못했습니다.</source>
        <translation>The notification logs do not record the sender's address, so senders were not checked.</translation>
    </message>
    <message>
        <source>{ip} ({count}회)</source>
        <translation>{ip} ({count} times)</translation>
    </message>
    <message>
        <source>공지된 재통보 주소가 아닌 곳에서 온 통보: {listed}</source>
        <translation>Notifications from addresses other than the published re-notify senders: {listed}</translation>
    </message>
    <message>
        <source>모든 통보가 공지된 재통보 주소에서 왔습니다.</source>
        <translation>Every notification came from a published re-notify address.</translation>
    </message>
    <message>
        <source>PG는 상점 통보 페이지가 OK를 응답할 때까지 같은 통보를 최대 {limit}회 다시 보냅니다. 1회 칸은 이 달 결제 수에서 재전송된 통보를 빼서 셉니다.</source>
        <translation>The gateway re-sends a notification up to {limit} times until the merchant's notify page answers OK. The Once column is this month's payments less the re-sent notifications.</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>되돌리는 중: {file}</source>
        <translation>Undoing: {file}</translation>
    </message>
    <message>
        <source>'{file}' 가져오기를 되돌렸습니다: 기록 {n}건을 뺐습니다.</source>
        <translation>Undid the import of '{file}': {n} records removed.</translation>
    </message>
    <message>
        <source>되돌리기 실패</source>
        <translation>Undo failed</translation>
    </message>
    <message>
        <source>가져오기보고서-{n}.xlsx</source>
        <translation>import-report-{n}.xlsx</translation>
    </message>
    <message>
        <source>내보내는 중: {name}</source>
        <translation>Exporting: {name}</translation>
    </message>
    <message>
        <source>이미 되돌린 가져오기입니다.</source>
        <translation>This import has already been undone.</translation>
    </message>
    <message>
        <source>고른 가져오기로 들어온 기록을 원장에서 뺍니다 (감사 기록에 남습니다)</source>
        <translation>Removes the records the selected import brought from the ledger (kept in the audit log)</translation>
    </message>
    <message>
        <source>가져오기 {n}번 (되돌림 {undone}번)</source>
        <translation>{n} imports ({undone} undone)</translation>
    </message>
    <message>
        <source>아직 가져온 파일이 없습니다.</source>
        <translation>No files imported yet.</translation>
    </message>
    <message>
        <source>#{n} {file}: 거부된 기록이 없습니다.</source>
        <translation>#{n} {file}: no rejected records.</translation>
    </message>
    <message>
        <source>#{n} {file}: 거부된 기록 {count}건 (줄 번호와 이유)</source>
        <translation>#{n} {file}: {count} rejected records (line and reason)</translation>
    </message>
    <message>
        <source>되돌리기…</source>
        <translation>Undo…</translation>
    </message>
    <message>
        <source>내보내기…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>고른 가져오기의 보고서(거부·중복 기록 포함)를 엑셀로 내보냅니다</source>
        <translation>Exports the selected import's report (rejected and duplicate records included) to Excel</translation>
    </message>
    <message>
        <source>가져오기 기록</source>
        <translation>Import history</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <source>가져올 파일 선택</source>
        <translation>Choose files to import</translation>
    </message>
    <message>
        <source>통보 로그와 엑셀 (*.log *.txt *.csv *.xlsx *.xls *.htm *.html);;모든 파일 (*)</source>
        <translation>Notification logs and spreadsheets (*.log *.txt *.csv *.xlsx *.xls *.htm *.html);;All files (*)</translation>
    </message>
    <message>
        <source>가져오는 중 ({n}/{total}): {name}</source>
        <translation>Importing ({n}/{total}): {name}</translation>
    </message>
    <message>
        <source>열을 지정하지 않아 가져오지 않았습니다.</source>
        <translation>Not imported: no columns were assigned.</translation>
    </message>
    <message>
        <source>취소했습니다: 이 파일은 원장에 넣지 않았습니다.</source>
        <translation>Cancelled: nothing from this file was added to the ledger.</translation>
    </message>
    <message>
        <source>취소해서 가져오지 않았습니다.</source>
        <translation>Not imported (cancelled).</translation>
    </message>
    <message>
        <source>가져오기보고서-{n}.xlsx</source>
        <translation>import-report-{n}.xlsx</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <source>가져오기 결과</source>
        <translation>Import report</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>파일별 건수와 가져오지 않은 기록 모두(줄, 결과, 이유, 원문)를 엑셀 파일로 저장합니다</source>
        <translation>Saves each file's counts and every record not imported (line, outcome, reason, raw text) to an Excel file</translation>
    </message>
    <message>
        <source>내보내는 중…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>엑셀로 내보내기…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>파일 {files}개: {imported}건 가져옴, 중복 {duplicates}건, 거부 {rejected}건, 건너뜀 {skipped}건, 위변조 의심 {flagged}건</source>
        <translation>{files} file(s): {imported} imported, {duplicates} duplicates, {rejected} rejected, {skipped} skipped, {flagged} suspected tampering</translation>
    </message>
    <message>
        <source> — {n}개 파일은 가져오지 못했습니다</source>
        <translation> — {n} file(s) could not be imported</translation>
    </message>
    <message>
        <source>SignValue가 맞지 않는 기록이 있습니다. 원장의 상태 필터에서 '위변조 의심'을 골라 확인하세요.</source>
        <translation>Some records have a SignValue that does not match. Choose 'Suspected tampering' in the ledger's state filter to check them.</translation>
    </message>
    <message>
        <source>거부된 기록이 없습니다.</source>
        <translation>No rejected records.</translation>
    </message>
    <message>
        <source>거부된 기록 {n}건 중 처음 {shown}건 (모두 원장의 가져오기 기록에 있습니다)</source>
        <translation>First {shown} of {n} rejected records (all are kept in the ledger's import history)</translation>
    </message>
    <message>
        <source>거부된 기록 {n}건: 줄 번호와 이유</source>
        <translation>{n} rejected records: line and reason</translation>
    </message>
</context>
<context>
    <name>LedgerTab</name>
    <message>
        <source>거래 원장을 어디에 둘까요?</source>
        <translation>Where should the transaction ledger live?</translation>
    </message>
    <message>
        <source>이 PC의 원장 (기본)</source>
        <translation>This PC's ledger (default)</translation>
    </message>
    <message>
        <source>팀 공유 원장 (PostgreSQL)</source>
        <translation>Team's shared ledger (PostgreSQL)</translation>
    </message>
    <message>
        <source>{path} — 한 사람이 쓰는 SQLite 파일입니다.</source>
        <translation>{path} — a SQLite file for one person.</translation>
    </message>
    <message>
        <source>여러 사람이 한 원장을 봅니다: 한 사람의 가져오기·취소·대사 처리가 모두에게 바로 보이고, 같은 결제를 두 사람이 동시에 취소할 수 없습니다. 기존 원장은 `smartro-desk ledger copy --from 파일 --to URL`로 옮깁니다.</source>
        <translation>Several people see one ledger: one person's imports, cancels and resolved findings reach everyone at once, and two people can never cancel the same payment. Move an existing ledger with `smartro-desk ledger copy --from FILE --to URL`.</translation>
    </message>
    <message>
        <source>postgresql://사용자@서버:5432/데이터베이스</source>
        <translation>postgresql://user@server:5432/database</translation>
    </message>
    <message>
        <source>암호 (운영체제 키 저장소에 보관, 비워 두면 그대로)</source>
        <translation>Password (kept in the OS keyring; leave empty to keep it)</translation>
    </message>
    <message>
        <source>연결 시험</source>
        <translation>Test connection</translation>
    </message>
    <message>
        <source>원장 위치는 프로그램을 다시 시작하면 바뀝니다.</source>
        <translation>A new ledger location takes effect when the program restarts.</translation>
    </message>
    <message>
        <source>PostgreSQL 주소는 postgresql:// 로 시작해야 합니다.</source>
        <translation>A PostgreSQL address starts with postgresql://.</translation>
    </message>
    <message>
        <source>연결하는 중…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>연결하지 못했습니다: {reason}</source>
        <translation>Could not connect: {reason}</translation>
    </message>
    <message>
        <source>연결되었습니다 (원장 스키마 {version}).</source>
        <translation>Connected (ledger schema {version}).</translation>
    </message>
    <message>
        <source>연결되었습니다. 빈 데이터베이스: 처음 열 때 원장이 만들어집니다.</source>
        <translation>Connected. An empty database: the ledger is created when it is first opened.</translation>
    </message>
</context>
<context>
    <name>LedgerView</name>
    <message>
        <source>열 표시</source>
        <translation>Columns</translation>
    </message>
    <message>
        <source>기본 열 배치로 되돌리기</source>
        <translation>Restore default columns</translation>
    </message>
    <message>
        <source>거래를 고르면 여기에 요약이 보입니다. Enter 또는 두 번 클릭하면 상세를 엽니다.</source>
        <translation>Choose a transaction to see its summary here. Enter or a double click opens the details.</translation>
    </message>
    <message>
        <source>상세 보기 (Enter)</source>
        <translation>Details (Enter)</translation>
    </message>
    <message>
        <source>승인 {amount}원 · 취소 {cancelled}원 · 잔액 {remaining}원</source>
        <translation>Approved {amount} · cancelled {cancelled} · remaining {remaining} won</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>거래 원장</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <source>조회 실패</source>
        <translation>Query failed</translation>
    </message>
    <message>
        <source>파일(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>보기(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>도구(&amp;T)</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <source>도움말(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>가져오기…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>통보 로그나 엑셀 파일을 원장에 가져옵니다 (파일을 창에 끌어 놓아도 됩니다)</source>
        <translation>Import notification logs or spreadsheets into the ledger (or drop files on the window)</translation>
    </message>
    <message>
        <source>내보내기…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>지금 보이는 표를 엑셀로 내보냅니다</source>
        <translation>Export the table as shown to Excel</translation>
    </message>
    <message>
        <source>예시 데이터 만들기…</source>
        <translation>Create demo data…</translation>
    </message>
    <message>
        <source>시험용 상점의 한 달치 거래를 만들어 가져옵니다</source>
        <translation>Create and import a month of transactions for the test merchants</translation>
    </message>
    <message>
        <source>끝내기</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>새로 고침</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>원장을 다시 읽습니다 (F5)</source>
        <translation>Read the ledger again (F5)</translation>
    </message>
    <message>
        <source>검색</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>검색 칸으로 이동 (Ctrl+F)</source>
        <translation>Go to the search box (Ctrl+F)</translation>
    </message>
    <message>
        <source>상세 보기</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>고른 거래의 상세 (Enter)</source>
        <translation>Details of the chosen transaction (Enter)</translation>
    </message>
    <message>
        <source>이 프로그램에 대하여</source>
        <translation>About</translation>
    </message>
    <message>
        <source>열 표시</source>
        <translation>Columns</translation>
    </message>
    <message>
        <source>언어 (Language)</source>
        <translation>Language (언어)</translation>
    </message>
    <message>
        <source>도구 모음</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>스마트로 결제 원장 — {ledger}</source>
        <translation>Smartro payment ledger — {ledger}</translation>
    </message>
    <message>
        <source>조건 저장</source>
        <translation>Save filter</translation>
    </message>
    <message>
        <source>이 검색 조건의 이름:</source>
        <translation>Name of this filter:</translation>
    </message>
    <message>
        <source>조건 삭제</source>
        <translation>Delete filter</translation>
    </message>
    <message>
        <source>'{name}' 조건을 지울까요?</source>
        <translation>Delete the filter '{name}'?</translation>
    </message>
    <message>
        <source>↻ {time} 다른 사용자의 변경을 반영했습니다</source>
        <translation>↻ {time} another user's changes taken in</translation>
    </message>
    <message>
        <source>거래 상세</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <source>원장에서 {tid} 거래를 찾지 못했습니다.</source>
        <translation>Transaction {tid} is not in the ledger.</translation>
    </message>
</context>
<context>
    <name>MappingDialog</name>
    <message>
        <source>열 지정 — {name}</source>
        <translation>Assign columns — {name}</translation>
    </message>
    <message>
        <source>이 파일의 열 구성을 알아보지 못했습니다. 각 열이 무엇인지 골라 주세요. 지정한 내용은 프로필로 저장되어 같은 모양의 파일은 다음부터 바로 가져옵니다.</source>
        <translation>The columns of this file were not recognised. Choose what each column holds. The choice is saved as a profile, so files of the same layout import directly next time.</translation>
    </message>
    <message>
        <source>결제 내역 (게이트웨이 관리자 화면에서 받은 엑셀)</source>
        <translation>Payments (a list from the gateway's admin site)</translation>
    </message>
    <message>
        <source>주문 목록 (우리 쇼핑몰의 주문 엑셀)</source>
        <translation>Orders (our shop's own order list)</translation>
    </message>
    <message>
        <source>저장하고 가져오기</source>
        <translation>Save and import</translation>
    </message>
    <message>
        <source>가져오지 않기</source>
        <translation>Do not import</translation>
    </message>
    <message>
        <source>프로필 이름</source>
        <translation>Profile name</translation>
    </message>
    <message>
        <source>열 머리글</source>
        <translation>Column header</translation>
    </message>
    <message>
        <source>예시 값</source>
        <translation>Sample values</translation>
    </message>
    <message>
        <source>항목</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>(그대로 보관)</source>
        <translation>(keep as is)</translation>
    </message>
    <message>
        <source>프로필 이름을 입력하세요.</source>
        <translation>Enter a profile name.</translation>
    </message>
    <message>
        <source>꼭 필요한 항목을 지정하세요: {fields}</source>
        <translation>Assign the required fields: {fields}</translation>
    </message>
    <message>
        <source>한 항목을 두 열에 지정했습니다: {fields}</source>
        <translation>A field is assigned to two columns: {fields}</translation>
    </message>
</context>
<context>
    <name>MerchantEditor</name>
    <message>
        <source>MID는 영문과 숫자 10자리여야 합니다: '{mid}'</source>
        <translation>A MID is 10 letters and digits: '{mid}'</translation>
    </message>
    <message>
        <source>같은 MID가 두 번 있습니다: {mid}</source>
        <translation>The same MID is listed twice: {mid}</translation>
    </message>
    <message>
        <source>{mid}의 서브몰 MID는 영문과 숫자 10자리여야 합니다: '{sub}'</source>
        <translation>A sub-mall MID of {mid} is 10 letters and digits: '{sub}'</translation>
    </message>
    <message>
        <source>{mid}: 상점 자신을 서브몰로 넣을 수 없습니다</source>
        <translation>{mid}: a merchant cannot be its own sub-mall</translation>
    </message>
    <message>
        <source>{sub}는 상점 목록에 따로 있어 {mid}의 서브몰이 될 수 없습니다</source>
        <translation>{sub} is listed as a merchant of its own, so it cannot be a sub-mall of {mid}</translation>
    </message>
    <message>
        <source>서브몰 {sub}가 같은 상점에 두 번 들어 있습니다</source>
        <translation>Sub-mall {sub} is listed twice under the same merchant</translation>
    </message>
    <message>
        <source>서브몰 {sub}가 {other}와 {mid} 두 상점에 들어 있습니다</source>
        <translation>Sub-mall {sub} is listed under two merchants, {other} and {mid}</translation>
    </message>
    <message>
        <source>{mid}: 빈 값은 저장할 수 없습니다 (지우려면 '지우기'를 누르세요)</source>
        <translation>{mid}: an empty value cannot be saved (to remove it, press Clear)</translation>
    </message>
    <message>
        <source>설정됨</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>설정됨 (이번 실행만)</source>
        <translation>Set (this session only)</translation>
    </message>
    <message>
        <source>공개 테스트 키</source>
        <translation>Public test key</translation>
    </message>
    <message>
        <source>없음</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>저장하면 바뀜</source>
        <translation>Changes on save</translation>
    </message>
    <message>
        <source>저장하면 지워짐</source>
        <translation>Removed on save</translation>
    </message>
    <message>
        <source>MID</source>
        <translation>MID</translation>
    </message>
    <message>
        <source>표시 이름</source>
        <translation>Display name</translation>
    </message>
    <message>
        <source>서브몰 MID</source>
        <translation>Sub-mall MID</translation>
    </message>
    <message>
        <source>상점키</source>
        <translation>Merchant key</translation>
    </message>
    <message>
        <source>취소 비밀번호</source>
        <translation>Cancel password</translation>
    </message>
</context>
<context>
    <name>MerchantsTab</name>
    <message>
        <source>이 PC에서는 운영체제의 키 저장소(Windows 자격 증명 관리자)를 쓸 수 없어 상점키와 취소 비밀번호를 저장할 수 없습니다. 여기에 입력한 값은 프로그램을 끝낼 때까지만 기억되며, 어떤 파일에도 쓰지 않습니다. 다음에 실행하면 다시 입력해야 합니다.</source>
        <translation>This PC's key store (Windows Credential Manager) cannot be used, so merchant keys and cancel passwords cannot be saved. What you enter here is kept only until the program ends and is never written to a file. Enter it again next time.</translation>
    </message>
    <message>
        <source>상점키와 취소 비밀번호는 운영체제의 키 저장소(Windows 자격 증명 관리자)에만 저장되며 화면에 다시 표시되지 않습니다. 스마트로 시험용 MID는 공개 테스트 키를 자동으로 씁니다.</source>
        <translation>Merchant keys and cancel passwords are stored only in the operating system's key store (Windows Credential Manager) and never shown again. Smartro's test MIDs use the public test keys automatically.</translation>
    </message>
    <message>
        <source>상점 추가</source>
        <translation>Add merchant</translation>
    </message>
    <message>
        <source>목록에서 빼기</source>
        <translation>Remove from list</translation>
    </message>
    <message>
        <source>고른 상점</source>
        <translation>Selected merchant</translation>
    </message>
    <message>
        <source>영문·숫자 10자리, 예: SMTPAY001m</source>
        <translation>10 letters and digits, e.g. SMTPAY001m</translation>
    </message>
    <message>
        <source>화면과 엑셀에 보일 이름</source>
        <translation>Name shown on screen and in Excel</translation>
    </message>
    <message>
        <source>쉼표로 구분, 예: SMTSUB002m, SMTSUB003m (없으면 비워 두세요)</source>
        <translation>Comma separated, e.g. SMTSUB002m, SMTSUB003m (leave empty if none)</translation>
    </message>
    <message>
        <source>MID</source>
        <translation>MID</translation>
    </message>
    <message>
        <source>표시 이름</source>
        <translation>Display name</translation>
    </message>
    <message>
        <source>서브몰 MID</source>
        <translation>Sub-mall MID</translation>
    </message>
    <message>
        <source>상점키</source>
        <translation>Merchant key</translation>
    </message>
    <message>
        <source>취소 비밀번호</source>
        <translation>Cancel password</translation>
    </message>
    <message>
        <source>원장에 저장된 상점의 MID는 바꿀 수 없습니다</source>
        <translation>The MID of a merchant in the ledger cannot be changed</translation>
    </message>
    <message>
        <source>원장에 기록된 상점은 목록에서 뺄 수 없습니다. 키와 비밀번호는 '지우기'로 지울 수 있습니다.</source>
        <translation>A merchant recorded in the ledger cannot be removed. Use 'Clear' to delete its key and password.</translation>
    </message>
</context>
<context>
    <name>ProductionBanner</name>
    <message>
        <source>운영 서버에 연결됨 — 취소가 실제로 환불됩니다</source>
        <translation>Connected to production — cancels refund for real</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>취소</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>취소 중…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>ReconView</name>
    <message>
        <source>원장이 바뀌어 {month}을(를) 다시 대사하는 중…</source>
        <translation>The ledger changed: reconciling {month} again…</translation>
    </message>
    <message>
        <source>{month} 대사 중…</source>
        <translation>Reconciling {month}…</translation>
    </message>
    <message>
        <source>대사 실패</source>
        <translation>Reconciliation failed</translation>
    </message>
    <message>
        <source>대사를 취소했습니다.</source>
        <translation>Reconciliation cancelled.</translation>
    </message>
    <message>
        <source>전체</source>
        <translation>All</translation>
    </message>
    <message>
        <source>누르면 이 종류만 표에 보입니다</source>
        <translation>Click to show only this kind in the table</translation>
    </message>
    <message>
        <source>누르면 모든 종류가 보입니다</source>
        <translation>Click to show every kind</translation>
    </message>
    <message>
        <source>{count}건</source>
        <translation>{count}</translation>
    </message>
    <message>
        <source>합계 {amount}원</source>
        <translation>Total ₩{amount}</translation>
    </message>
    <message>
        <source>미처리 {open}건 · 해결 {done}건</source>
        <translation>Open {open} · Done {done}</translation>
    </message>
    <message>
        <source>일별</source>
        <translation>Daily</translation>
    </message>
    <message>
        <source>결제수단별</source>
        <translation>By method</translation>
    </message>
    <message>
        <source>카드사별</source>
        <translation>By card company</translation>
    </message>
    <message>
        <source>거래 상세</source>
        <translation>Transaction detail</translation>
    </message>
    <message>
        <source>이 항목은 결제가 아니라 주문({order})에 관한 것이라 열 거래가 없습니다.</source>
        <translation>This finding is about an order ({order}), not a payment, so there is no transaction to open.</translation>
    </message>
    <message>
        <source>해결로 표시</source>
        <translation>Mark as resolved</translation>
    </message>
    <message>
        <source>확인으로 표시</source>
        <translation>Mark as acknowledged</translation>
    </message>
    <message>
        <source>{count}건에 남길 메모 (감사 기록에 남습니다):</source>
        <translation>Note for {count} finding(s) (kept in the audit log):</translation>
    </message>
    <message>
        <source>처리 결과를 기록하는 중…</source>
        <translation>Recording the resolution…</translation>
    </message>
    <message>
        <source>내보낼 파일</source>
        <translation>Export to file</translation>
    </message>
    <message>
        <source>대사결과-{month}.xlsx</source>
        <translation>reconciliation-{month}.xlsx</translation>
    </message>
    <message>
        <source>엑셀 통합 문서 (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>내보내는 중: {name}</source>
        <translation>Exporting: {name}</translation>
    </message>
    <message>
        <source>정산-{month}.xlsx</source>
        <translation>settlement-{month}.xlsx</translation>
    </message>
    <message>
        <source>엑셀 통합 문서 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>내보내기 완료</source>
        <translation>Export finished</translation>
    </message>
    <message>
        <source>{path} 파일로 내보냈습니다.</source>
        <translation>Exported to {path}.</translation>
    </message>
    <message>
        <source>내보내기 실패</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>내보내기</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>내보내기를 취소했습니다.</source>
        <translation>Export cancelled.</translation>
    </message>
    <message>
        <source>대사 월</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>실행</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>고른 달의 주문·결제·PG 엑셀을 대사합니다</source>
        <translation>Reconcile the chosen month's orders, payments and gateway export</translation>
    </message>
    <message>
        <source>불일치 엑셀로 내보내기</source>
        <translation>Export findings to Excel</translation>
    </message>
    <message>
        <source>정산 엑셀로 내보내기</source>
        <translation>Export settlement to Excel</translation>
    </message>
    <message>
        <source>미처리만 보기</source>
        <translation>Open only</translation>
    </message>
    <message>
        <source>해결</source>
        <translation>Resolve</translation>
    </message>
    <message>
        <source>고른 항목을 해결됨으로 표시합니다 (메모와 함께 감사 기록에 남습니다)</source>
        <translation>Mark the selected findings resolved (kept in the audit log with a note)</translation>
    </message>
    <message>
        <source>확인</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source>고른 항목을 확인함으로 표시합니다 (문제가 아님을 알고 넘어갈 때)</source>
        <translation>Mark the selected findings acknowledged (known, not a problem)</translation>
    </message>
    <message>
        <source>불일치</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>정산</source>
        <translation>Settlement</translation>
    </message>
    <message>
        <source>통보 상태</source>
        <translation>Notifications</translation>
    </message>
    <message>
        <source>차이</source>
        <translation>Differences</translation>
    </message>
    <message>
        <source>달을 고르고 실행을 누르세요.</source>
        <translation>Choose a month and press Run.</translation>
    </message>
    <message>
        <source>{month}: 거래 {tx}건, 불일치 {count}건 (미처리 {open}건)</source>
        <translation>{month}: {tx} transactions, {count} findings ({open} open)</translation>
    </message>
    <message>
        <source>{month} 순매출 {net}원 (승인 {a}건 {aa}원, 취소 {c}건 {cc}원)</source>
        <translation>{month} net ₩{net} ({a} approvals ₩{aa}, {c} cancels ₩{cc})</translation>
    </message>
    <message>
        <source>PG 엑셀과 다른 줄 {count}개 (차이 탭)</source>
        <translation>{count} rows differ from the gateway export (Differences tab)</translation>
    </message>
    <message>
        <source>PG 엑셀과 모두 일치합니다.</source>
        <translation>Everything matches the gateway export.</translation>
    </message>
    <message>
        <source>이 달의 PG 엑셀을 가져오지 않아 원장 쪽만 보입니다.</source>
        <translation>No gateway export imported for this month: the ledger's side only.</translation>
    </message>
    <message>
        <source>위변조 의심 등으로 제외된 거래 {count}건 {amount}원</source>
        <translation>{count} flagged transactions left out, ₩{amount}</translation>
    </message>
    <message>
        <source>차이 ({count})</source>
        <translation>Differences ({count})</translation>
    </message>
    <message>
        <source>대사</source>
        <translation>Reconciliation</translation>
    </message>
</context>
<context>
    <name>RejectsModel</name>
    <message>
        <source>줄</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>이유</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>ReportsModel</name>
    <message>
        <source>파일</source>
        <translation>File</translation>
    </message>
    <message>
        <source>형식</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>기록</source>
        <translation>Records</translation>
    </message>
    <message>
        <source>가져옴</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>중복</source>
        <translation>Duplicates</translation>
    </message>
    <message>
        <source>거부</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>건너뜀</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>위변조 의심</source>
        <translation>Suspected tampering</translation>
    </message>
    <message>
        <source>결과</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>이미 가져온 파일입니다 (가져오기 #{n}): 새로 더한 것이 없습니다</source>
        <translation>Already imported (import #{n}): nothing new was added</translation>
    </message>
    <message>
        <source>완료 (가져오기 #{n})</source>
        <translation>Done (import #{n})</translation>
    </message>
    <message>
        <source>완료</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>RequestPreview</name>
    <message>
        <source>(금액이 정해지지 않아 요청을 만들 수 없습니다)</source>
        <translation>(no amount yet, so there is no request to show)</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <source>결과: {outcome}</source>
        <translation>Result: {outcome}</translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <source>바꾸려면 새 값을 입력하세요</source>
        <translation>Type a new value to change it</translation>
    </message>
    <message>
        <source>지우기</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>되돌리기</source>
        <translation>Revert</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>설정</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>상점</source>
        <translation>Merchants</translation>
    </message>
    <message>
        <source>일반</source>
        <translation>General</translation>
    </message>
    <message>
        <source>연결</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>원장</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <source>저장</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>취소</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>설정 저장</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <source>상점 정보에 고칠 곳이 있어 저장하지 않았습니다.</source>
        <translation>Not saved: some merchant details need fixing.</translation>
    </message>
    <message>
        <source>취소 서버 주소를 고쳐 주세요.</source>
        <translation>Please fix the cancel server address.</translation>
    </message>
    <message>
        <source>운영 서버 사용</source>
        <translation>Use the production server</translation>
    </message>
    <message>
        <source>취소 요청을 스마트로 운영 서버({url})로 보냅니다.

이제부터 취소하면 고객에게 실제로 환불되며 되돌릴 수 없습니다. 운영 서버를 쓰는 동안 창 위쪽에 빨간 띠가 표시됩니다.

운영 서버로 바꿀까요?</source>
        <translation>Cancel requests will go to the Smartro production server ({url}).

From now on a cancel refunds the customer for real and cannot be undone. A red band shows at the top of the window while the production server is in use.

Switch to the production server?</translation>
    </message>
    <message>
        <source>운영 서버로 바꾸기</source>
        <translation>Switch to production</translation>
    </message>
    <message>
        <source>바꾸지 않기</source>
        <translation>Keep the current server</translation>
    </message>
    <message>
        <source>저장하지 못했습니다.</source>
        <translation>Could not save.</translation>
    </message>
</context>
<context>
    <name>SettleDialog</name>
    <message>
        <source>관리자 사이트에서 확인한 결과 기록 — {tid}</source>
        <translation>Record what the admin site shows — {tid}</translation>
    </message>
    <message>
        <source>이 거래의 취소 요청을 보냈지만 결과를 받지 못했습니다. 게이트웨이에서는 취소되었을 수도, 아닐 수도 있습니다.
스마트로 상점관리자 사이트에서 이 TID의 취소 내역을 확인하고 본 그대로 기록하세요. 확실하지 않으면 기록하지 말고 취소 통보가 들어오기를 기다리세요 (통보가 오면 저절로 정리됩니다).</source>
        <translation>A cancel request of this transaction was sent, but no answer came back. The gateway may or may not have cancelled it.
Check this TID's cancel history on the Smartro merchant admin site and record exactly what you see. If you are not sure, record nothing and wait for the cancel notification (it settles this by itself).</translation>
    </message>
    <message>
        <source>이 거래는 '결과 확인 필요' 상태가 아닙니다.</source>
        <translation>This transaction is not in 'Outcome unknown'.</translation>
    </message>
    <message>
        <source>결과를 모르는 요청</source>
        <translation>Request of unknown outcome</translation>
    </message>
    <message>
        <source>요청</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>보낸 곳 / 보낸 사람</source>
        <translation>Sent to / sent by</translation>
    </message>
    <message>
        <source>사유</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>연결 문제</source>
        <translation>Connection problem</translation>
    </message>
    <message>
        <source>원장의 남은 금액</source>
        <translation>Remaining in the ledger</translation>
    </message>
    <message>
        <source>관리자 사이트에서 본 것</source>
        <translation>What the admin site shows</translation>
    </message>
    <message>
        <source>취소되었음 — 관리자 사이트에 이 취소 내역이 있습니다</source>
        <translation>Cancelled — the admin site lists this cancel</translation>
    </message>
    <message>
        <source>취소되지 않았음 — 관리자 사이트에 이 취소 내역이 없습니다</source>
        <translation>Not cancelled — the admin site does not list this cancel</translation>
    </message>
    <message>
        <source>부분취소면 관리자 사이트에 보이는 부분취소 TID (모르면 비워 두세요)</source>
        <translation>Partial cancel TID on the admin site (blank if unknown)</translation>
    </message>
    <message>
        <source>예: 상점관리자 사이트 취소 내역에서 확인 (확인한 사람, 시각)</source>
        <translation>e.g. seen in the admin site's cancel history (who checked, when)</translation>
    </message>
    <message>
        <source>확인한 취소 금액</source>
        <translation>Cancel amount seen</translation>
    </message>
    <message>
        <source>부분취소 TID</source>
        <translation>Partial cancel TID</translation>
    </message>
    <message>
        <source>메모 (필수)</source>
        <translation>Note (required)</translation>
    </message>
    <message>
        <source>기록하고 막힘 풀기</source>
        <translation>Record and unblock</translation>
    </message>
    <message>
        <source>닫기</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>{amount}({words}) 취소되었음</source>
        <translation>cancelled {amount} ({words})</translation>
    </message>
    <message>
        <source>취소되지 않았음</source>
        <translation>not cancelled</translation>
    </message>
    <message>
        <source>TID {tid}: 관리자 사이트에서 '{what}'을 확인했다고 기록합니다. 기록하면 이 거래의 '결과 확인 필요'가 풀리고 원장 금액이 그에 맞게 바뀝니다. 기록할까요?</source>
        <translation>TID {tid}: record that the admin site shows '{what}'. Recording lifts this transaction's 'Outcome unknown' and updates the ledger amounts to match. Record it?</translation>
    </message>
    <message>
        <source>확인한 결과 기록</source>
        <translation>Record the outcome seen</translation>
    </message>
    <message>
        <source>기록</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>돌아가기</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>기록하지 못했습니다</source>
        <translation>Could not record</translation>
    </message>
</context>
<context>
    <name>SettlementModel</name>
    <message>
        <source>차이 (원장 − PG): 승인 {a}건 {aa}원, 취소 {c}건 {cc}원</source>
        <translation>Difference (ledger − gateway): {a} approvals ₩{aa}, {c} cancels ₩{cc}</translation>
    </message>
</context>
<context>
    <name>SharesModel</name>
    <message>
        <source>서브몰 MID</source>
        <translation>Sub-mall MID</translation>
    </message>
    <message>
        <source>상품명</source>
        <translation>Goods</translation>
    </message>
    <message>
        <source>결제 금액</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>취소 가능 잔액</source>
        <translation>Left to cancel</translation>
    </message>
</context>
<context>
    <name>SplitEditor</name>
    <message>
        <source>서브몰별 취소 금액</source>
        <translation>Cancel amount per sub-mall</translation>
    </message>
    <message>
        <source>서브몰 MID</source>
        <translation>Sub-mall MID</translation>
    </message>
    <message>
        <source>돌려줄 수 있는 몫</source>
        <translation>Share left to give back</translation>
    </message>
    <message>
        <source>이번 취소 금액</source>
        <translation>This cancel</translation>
    </message>
    <message>
        <source>남은 몫 그대로 채우기</source>
        <translation>Fill in the shares left</translation>
    </message>
    <message>
        <source>모름</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>서브몰 금액 없이 전체취소를 보냅니다 (넣으면 합계가 취소 금액과 같아야 합니다).</source>
        <translation>The full cancel is sent without sub-mall amounts (if you enter some, they must add up to the cancel amount).</translation>
    </message>
    <message>
        <source>부분취소에는 서브몰별 금액이 필요합니다: 합계가 {amount}원이 되게 넣으세요.</source>
        <translation>A partial cancel needs the amount of each sub-mall: enter amounts adding up to {amount} won.</translation>
    </message>
    <message>
        <source>✔ 합계 {total}원 = 취소 금액 {amount}원</source>
        <translation>✔ Sum {total} won = cancel amount {amount} won</translation>
    </message>
    <message>
        <source>{diff}원 부족</source>
        <translation>{diff} won short</translation>
    </message>
    <message>
        <source>{diff}원 초과</source>
        <translation>{diff} won over</translation>
    </message>
    <message>
        <source>✖ 합계 {total}원 ≠ 취소 금액 {amount}원 ({gap})</source>
        <translation>✖ Sum {total} won ≠ cancel amount {amount} won ({gap})</translation>
    </message>
</context>
<context>
    <name>SummaryBar</name>
    <message>
        <source>집계 중…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>건수 &lt;b&gt;{n}&lt;/b&gt;</source>
        <translation>Count &lt;b&gt;{n}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>승인합계 &lt;b&gt;{won}&lt;/b&gt;원</source>
        <translation>Approved &lt;b&gt;{won}&lt;/b&gt; won</translation>
    </message>
    <message>
        <source>취소합계 &lt;b&gt;{won}&lt;/b&gt;원</source>
        <translation>Cancelled &lt;b&gt;{won}&lt;/b&gt; won</translation>
    </message>
    <message>
        <source>순매출 &lt;b&gt;{won}&lt;/b&gt;원</source>
        <translation>Net sales &lt;b&gt;{won}&lt;/b&gt; won</translation>
    </message>
    <message>
        <source>위변조 의심 &lt;b&gt;{n}&lt;/b&gt;건</source>
        <translation>Suspected tampering &lt;b&gt;{n}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;i&gt;조회 중…&lt;/i&gt;</source>
        <translation>&lt;i&gt;Searching…&lt;/i&gt;</translation>
    </message>
</context>
<context>
    <name>TransactionsModel</name>
    <message>
        <source>SignValue가 맞지 않습니다: 위변조가 의심됩니다. 상세에서 원본을 확인하세요.</source>
        <translation>The SignValue does not match: suspected tampering. Check the raw record in the details.</translation>
    </message>
    <message>
        <source>취소 결과를 받지 못했습니다: 확인 전에는 다시 취소할 수 없습니다.</source>
        <translation>The answer to a cancel never arrived: no new cancel until it is checked.</translation>
    </message>
</context>
<context>
    <name>UndoDialog</name>
    <message>
        <source>가져오기 되돌리기</source>
        <translation>Undo import</translation>
    </message>
    <message>
        <source>'{file}' 가져오기(#{n}, {at})를 되돌릴까요?

이 파일로 들어온 기록 {imported}건이 원장에서 빠지고 관련 거래를 다시 계산합니다. 다른 파일에도 있던 기록은 남습니다. 되돌린 일은 감사 기록에 남고, 다시 되돌릴 수 없습니다 (파일을 다시 가져올 수는 있습니다).</source>
        <translation>Undo the import of '{file}' (#{n}, {at})?

The {imported} records this file brought leave the ledger and their transactions are recomputed. Records also received in other files stay. The undo is kept in the audit log and cannot itself be undone (the file can be imported again).</translation>
    </message>
    <message>
        <source>메모 (선택): 왜 되돌리는지</source>
        <translation>Note (optional): why it is undone</translation>
    </message>
    <message>
        <source>되돌리기</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>취소</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>WindowExtras</name>
    <message>
        <source>결제 취소…</source>
        <translation>Cancel payment…</translation>
    </message>
    <message>
        <source>선택한 거래를 전체 또는 부분 취소합니다</source>
        <translation>Cancel the selected transaction in full or in part</translation>
    </message>
    <message>
        <source>일괄 취소…</source>
        <translation>Bulk cancel…</translation>
    </message>
    <message>
        <source>설정…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>가져오기 기록</source>
        <translation>Import history</translation>
    </message>
    <message>
        <source>가져온 파일 목록: 거부된 기록, 되돌리기, 보고서 내보내기</source>
        <translation>Imported files: rejected records, undo, report export</translation>
    </message>
    <message>
        <source>결제 취소</source>
        <translation>Cancel payment</translation>
    </message>
    <message>
        <source>취소할 거래를 먼저 선택하세요.</source>
        <translation>Select the transaction to cancel first.</translation>
    </message>
    <message>
        <source>원장 위치</source>
        <translation>Ledger location</translation>
    </message>
    <message>
        <source>새 원장 위치는 프로그램을 다시 시작하면 적용됩니다.</source>
        <translation>The new ledger location takes effect when the program restarts.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>원장을 열 수 없습니다</source>
        <translation>Cannot open the ledger</translation>
    </message>
    <message>
        <source>{path} 원장을 열지 못했습니다.
{reason}</source>
        <translation>The ledger {path} could not be opened.
{reason}</translation>
    </message>
</context>
<context>
    <name>cancel_widgets</name>
    <message>
        <source>로컬 샌드박스</source>
        <translation>Local sandbox</translation>
    </message>
    <message>
        <source>스마트로 테스트 서버</source>
        <translation>Smartro test server</translation>
    </message>
    <message>
        <source>운영 서버</source>
        <translation>Production server</translation>
    </message>
    <message>
        <source>직접 입력한 서버</source>
        <translation>Server entered by hand</translation>
    </message>
    <message>
        <source>{amount}원</source>
        <translation>{amount} won</translation>
    </message>
    <message>
        <source>이 컴퓨터의 서버</source>
        <translation>Server on this computer</translation>
    </message>
    <message>
        <source>원장을 다른 프로그램이나 사용자가 쓰고 있습니다. 잠시 뒤 다시 시도하세요.</source>
        <translation>Another program or user is writing to the ledger. Try again in a moment.</translation>
    </message>
    <message>
        <source> 원</source>
        <translation> won</translation>
    </message>
    <message>
        <source>운영 서버 — 실제로 고객에게 환불됩니다 ({url})</source>
        <translation>Production server — customers are really refunded ({url})</translation>
    </message>
    <message>
        <source>이 컴퓨터의 서버로 보냅니다 ({url}) — 로컬 샌드박스라면 실제로 환불되지 않습니다</source>
        <translation>Sending to a server on this computer ({url}) — if it is the local sandbox, nothing is really refunded</translation>
    </message>
    <message>
        <source>직접 입력한 서버로 보냅니다: {url} — 실제 환불인지 확인하세요</source>
        <translation>Sending to a server entered by hand: {url} — check whether refunds are real</translation>
    </message>
    <message>
        <source>연습용: {name} — 실제로 환불되지 않습니다</source>
        <translation>For practice: {name} — nothing is really refunded</translation>
    </message>
    <message>
        <source>✔ 게이트웨이가 거절할 만한 문제가 없습니다.</source>
        <translation>✔ Nothing the gateway would refuse.</translation>
    </message>
    <message>
        <source>(게이트웨이 코드 {code})</source>
        <translation>(gateway code {code})</translation>
    </message>
    <message>
        <source>게이트웨이 응답: {code} {message}</source>
        <translation>Gateway answer: {code} {message}</translation>
    </message>
    <message>
        <source>연결 문제: {cause}</source>
        <translation>Connection problem: {cause}</translation>
    </message>
    <message>
        <source>부분취소 TID(PTID): {ptid}</source>
        <translation>Partial cancel TID (PTID): {ptid}</translation>
    </message>
    <message>
        <source>원장의 남은 금액: {amount} (이 요청은 결과를 확인할 때까지 반영하지 않습니다)</source>
        <translation>Remaining in the ledger: {amount} (this request is not counted until its outcome is confirmed)</translation>
    </message>
    <message>
        <source>남은 금액: {amount}</source>
        <translation>Remaining: {amount}</translation>
    </message>
    <message>
        <source>확인한 결과는 아래 '관리자 사이트에서 확인한 결과 기록…'으로 남기세요.</source>
        <translation>Record the outcome you confirm with 'Record what the admin site shows…' below.</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>계속</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>로그 폴더 열기</source>
        <translation>Open log folder</translation>
    </message>
    <message>
        <source>예상하지 못한 오류가 생겨 방금 하던 작업이 끝나지 않았을 수 있습니다.
원장은 마지막으로 저장된 상태 그대로이므로 프로그램을 계속 쓸 수 있습니다. 작업 결과를 확인한 뒤 다시 시도해 보세요.

같은 문제가 되풀이되면 아래 로그 파일을 담당자에게 보내 주세요 (키와 비밀번호는 들어 있지 않습니다):
{path}</source>
        <translation>An unexpected error occurred, so what you were doing may not have finished.
The ledger is as it was last saved, so you can keep using the program. Check the result and try again.

If the problem comes back, send the log file below to your administrator (it holds no keys or passwords):
{path}</translation>
    </message>
    <message>
        <source>예상하지 못한 오류</source>
        <translation>Unexpected error</translation>
    </message>
</context>
<context>
    <name>demo</name>
    <message>
        <source>시험용 상점의 {year}년 {month}월 한 달치 예시 거래를 로컬 샌드박스로 만들어 가져올까요?

카드, 계좌이체, 가상계좌, 부분취소, 중복 통보와 위변조된 기록 1건이 들어 있어 화면의 모든 기능을 바로 살펴볼 수 있습니다. 예시 거래는 시험용 MID로만 만들어집니다.</source>
        <translation>Create a month ({year}-{month:02}) of demo transactions for the test merchants with the local sandbox and import them?

Cards, bank transfers, virtual accounts, partial cancels, duplicate notifications and one tampered record let you try every part of the window at once. Demo transactions use the test MIDs only.</translation>
    </message>
    <message>
        <source>원장이 비어 있습니다.</source>
        <translation>The ledger is empty.</translation>
    </message>
    <message>
        <source>예시 데이터</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <source>예시 데이터 만들기</source>
        <translation>Create demo data</translation>
    </message>
    <message>
        <source>나중에</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>예시 데이터를 만들지 못했습니다: {reason}</source>
        <translation>Could not create the demo data: {reason}</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>예</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>아니요</source>
        <translation>No</translation>
    </message>
    <message>
        <source>확인</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>파일을 다룰 수 없습니다: {reason}</source>
        <translation>Cannot use the file: {reason}</translation>
    </message>
</context>
<context>
    <name>report_export</name>
    <message>
        <source>내보낼 파일</source>
        <translation>File to export</translation>
    </message>
    <message>
        <source>엑셀 통합 문서 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>내보내기 완료</source>
        <translation>Export finished</translation>
    </message>
    <message>
        <source>{path} 파일로 내보냈습니다.</source>
        <translation>Exported to {path}.</translation>
    </message>
    <message>
        <source>내보내기 실패</source>
        <translation>Export failed</translation>
    </message>
</context>
</TS>
