; The per-user Windows installer of ecodesk (Inno Setup 6). Built by .github/workflows/windows.yml:
;   iscc /DAppVersion=0.2.0 packaging\windows\ecodesk.iss
; from the one-folder build dist\ecodesk\ (build.spec: ecodesk.exe, ecodesk-cli.exe, _internal\).
;
; No administrator needed: PrivilegesRequired=lowest installs into %LOCALAPPDATA%\Programs\ecodesk
; ({userpf}) and puts the shortcuts in this user's Start menu and desktop. The workspace (the
; database, evidence, keys) lives elsewhere, in %LOCALAPPDATA%\ecodesk\workspace, and backups on
; the clerk's stick: uninstalling removes only the files listed under [Files], never those.
; The wizard speaks Chinese: ChineseSimplified.isl is an unofficial Inno Setup translation, copied
; into the compiler's Languages folder by the workflow (see docs/windows.md).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BuildDir
  #define BuildDir "..\..\dist\ecodesk"
#endif
#define AppTitle "生态文明建设指标填报"
#define Publisher "陇南市国家生态文明建设示范市工作专班"

[Setup]
; The AppId identifies ecodesk across versions (an upgrade replaces, never duplicates): never change it.
AppId={{6B1E5C2A-4F0D-4C7B-9E43-2D8A61F0C5E7}
AppName=ecodesk {#AppTitle}
AppVersion={#AppVersion}
AppVerName=ecodesk {#AppVersion}
AppPublisher={#Publisher}
VersionInfoVersion={#AppVersion}
VersionInfoCompany={#Publisher}
VersionInfoProductName=ecodesk {#AppTitle}
PrivilegesRequired=lowest
DefaultDirName={userpf}\ecodesk
DisableDirPage=yes
DefaultGroupName=ecodesk
DisableProgramGroupPage=yes
DisableReadyPage=no
UninstallDisplayIcon={app}\ecodesk.exe
UninstallDisplayName=ecodesk {#AppTitle}
SetupIconFile=..\..\resources\icons\ecodesk.ico
OutputDir=..\..\dist\installer
OutputBaseFilename=ecodesk-{#AppVersion}-setup
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
; An upgrade while ecodesk is open: the Restart Manager asks to close it first.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面创建快捷方式"; GroupDescription: "快捷方式："

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppTitle}"; Filename: "{app}\ecodesk.exe"; WorkingDir: "{app}"; Comment: "陇南市生态文明建设示范市指标填报、审核与归档"
Name: "{group}\卸载{#AppTitle}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppTitle}"; Filename: "{app}\ecodesk.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\ecodesk.exe"; Description: "立即启动 {#AppTitle}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: everything ecodesk keeps (workspace, settings, backups) stays.
