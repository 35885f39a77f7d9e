@echo off
rem bulk-resend launcher for Windows, as run.sh is for Linux and macOS.
rem   run.cmd                      the demo: seeds the embedded directory from samples\ if it is
rem                                empty, runs samples\new-hires.csv, prints the summary
rem   run.cmd <command> [options]  any command of the jar: run, directory import, directory list, ...
rem Builds the jar first when it is missing or older than the sources. Needs only a JDK 17+:
rem the Maven wrapper fetches Maven itself.
setlocal EnableExtensions

set "BULK_RESEND_HOME=%~dp0"
if "%BULK_RESEND_HOME:~-1%"=="\" set "BULK_RESEND_HOME=%BULK_RESEND_HOME:~0,-1%"
set "JAR=%BULK_RESEND_HOME%\target\bulk-resend.jar"

where java >nul 2>nul
if errorlevel 1 goto nojava
set "JAVA_MAJOR=0"
for /f "tokens=2 delims==" %%v in ('java -XshowSettings:properties -version 2^>^&1 ^| findstr /c:"java.specification.version ="') do set "JAVA_MAJOR=%%v"
set "JAVA_MAJOR=%JAVA_MAJOR: =%"
for /f "tokens=1 delims=." %%m in ("%JAVA_MAJOR%") do set "JAVA_MAJOR=%%m"
if %JAVA_MAJOR% LSS 17 goto oldjava

rem Build when the jar is missing, or when a file under src\ or pom.xml is newer than it.
if not exist "%JAR%" goto build
powershell -NoProfile -NonInteractive -Command "$jar = (Get-Item -LiteralPath $env:JAR).LastWriteTimeUtc; $newer = Get-ChildItem -LiteralPath (Join-Path $env:BULK_RESEND_HOME 'src'), (Join-Path $env:BULK_RESEND_HOME 'pom.xml') -Recurse -File | Where-Object { $_.LastWriteTimeUtc -gt $jar } | Select-Object -First 1; if ($newer) { exit 1 } else { exit 0 }"
if errorlevel 1 goto build
goto run

:build
echo Building bulk-resend (first time, or the sources changed)... 1>&2
pushd "%BULK_RESEND_HOME%"
call mvnw.cmd -B -q -DskipTests package 1>&2
if errorlevel 1 goto buildfailed
popd

:run
if "%~1"=="" goto demo
java %JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%

:demo
java %JAVA_OPTS% -jar "%JAR%" demo
exit /b %ERRORLEVEL%

:buildfailed
popd
echo bulk-resend could not be built: the Maven output above says why. 1>&2
exit /b 2

:nojava
echo bulk-resend needs a Java runtime (JDK 17 or newer) on the PATH. 1>&2
exit /b 2

:oldjava
echo bulk-resend needs Java 17 or newer; this java is version %JAVA_MAJOR%. 1>&2
exit /b 2
