; Per-user Windows installer for smartro_desk (NSIS 3, Modern UI 2, Korean first).
; Build (from the repository root, after PyInstaller produced dist\smartro_desk):
;   makensis /DVERSION=0.1.0 /DDIST=dist\smartro_desk /DOUTFILE=dist\smartro-desk-setup.exe installer\smartro_desk.nsi
; The uninstaller removes the program only: the ledger and settings in
; %LOCALAPPDATA%\smartro_desk and HKCU\Software\smartro_desk stay.

Unicode true
!include "MUI2.nsh"
!include "WinVer.nsh"
!include "LogicLib.nsh"

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef DIST
  !define DIST "..\dist\smartro_desk"
!endif
!ifndef OUTFILE
  !define OUTFILE "smartro-desk-setup-${VERSION}.exe"
!endif

!define APP_NAME "smartro_desk"
!define APP_TITLE "스마트로 데스크"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_NAME}"

Name "${APP_TITLE} ${VERSION}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "Software\${APP_NAME}\Install" "Path"
SetCompressor /SOLID lzma
ManifestDPIAware true

!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\smartro-desk.exe"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Korean"
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ; Qt 6.10+ needs the ICU that Windows 10 and 11 ship.
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_ICONSTOP "스마트로 데스크는 Windows 10 이상에서 동작합니다.$\r$\nsmartro_desk needs Windows 10 or later."
    Abort
  ${EndIf}
FunctionEnd

Section "Install"
  SetOutPath "$INSTDIR"
  File /r "${DIST}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\${APP_TITLE}"
  CreateShortcut "$SMPROGRAMS\${APP_TITLE}\${APP_TITLE}.lnk" "$INSTDIR\smartro-desk.exe"
  CreateShortcut "$SMPROGRAMS\${APP_TITLE}\제거 (Uninstall).lnk" "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${APP_NAME}\Install" "Path" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_TITLE}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "smartro_desk"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\smartro-desk.exe"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  ; Program files only: the user's ledger (%LOCALAPPDATA%\smartro_desk) and settings stay.
  RMDir /r "$INSTDIR"
  Delete "$SMPROGRAMS\${APP_TITLE}\${APP_TITLE}.lnk"
  Delete "$SMPROGRAMS\${APP_TITLE}\제거 (Uninstall).lnk"
  RMDir "$SMPROGRAMS\${APP_TITLE}"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\${APP_NAME}\Install"
SectionEnd
